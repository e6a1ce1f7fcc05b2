/**
 * GitHub stores a milestone's `due_on` as a *date* in US Pacific time and
 * returns it as midnight Pacific of that date, expressed in UTC: `07:00:00Z`
 * while Pacific daylight time is in force, `08:00:00Z` in standard time.
 * The date is the Pacific calendar date of the instant you send, so
 * `2020-09-24T06:59:00Z` (23:59 PDT on the 23rd) comes back as
 * `2020-09-23T07:00:00Z` and `2020-09-24T07:01:00Z` as `2020-09-24T07:00:00Z`.
 * Sources: GitHub Community answer quoted in microsoft/PowerShellForGitHub#133
 * ("all timestamps in the database are normalized to Pacific time … midnight
 * Pacific time is 7AM or 8AM UTC depending on daylight savings");
 * https://docs.github.com/rest/issues/milestones#create-a-milestone.
 */
const pacific = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Los_Angeles',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});

function pacificParts(ms: number): { date: string; hour: number } {
  const parts = Object.fromEntries(
    pacific.formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** Normalises a client-supplied `due_on` the way GitHub stores it; returns null for null. */
export function normalizeDueOn(input: string | null): string | null {
  if (input === null) return null;
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw new RangeError(`due_on is not a timestamp: ${input}`);
  const { date } = pacificParts(ms);
  // Midnight Pacific is 07:00Z (PDT, UTC-7) or 08:00Z (PST, UTC-8) on that date.
  for (const hourUtc of [7, 8]) {
    const candidate = Date.parse(`${date}T0${hourUtc}:00:00Z`);
    const local = pacificParts(candidate);
    if (local.date === date && local.hour === 0) return `${date}T0${hourUtc}:00:00Z`;
  }
  /* c8 ignore next -- every Pacific date has a midnight at UTC-7 or UTC-8 */
  throw new RangeError(`cannot place due_on ${input} at Pacific midnight`);
}
