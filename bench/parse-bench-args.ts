/** Command-line options of the bench runner. */
export interface BenchArgs {
  only: string[] | null;
  quick: boolean;
  write: boolean;
  list: boolean;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--only <id,id…>] [--quick] [--no-write] [--list]
  --only      run only these sections (ids from --list); other sections of docs/BENCHMARKS.md are kept
  --quick     fewer runs and smaller inputs (smoke run; implies --no-write unless --write is given)
  --no-write  print the report without updating docs/BENCHMARKS.md
  --list      list the sections found and exit`;

export function parseBenchArgs(argv: string[]): BenchArgs {
  const args: BenchArgs = { only: null, quick: false, write: true, list: false, help: false };
  let writeGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error(`Unexpected --only without section ids\n${USAGE}`);
      args.only = [...(args.only ?? []), ...value.split(',').filter((id) => id !== '')];
    } else if (arg === '--quick') args.quick = true;
    else if (arg === '--no-write') args.write = false;
    else if (arg === '--write') writeGiven = true;
    else if (arg === '--list') args.list = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else throw new Error(`Unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
  }
  if (args.quick && !writeGiven) args.write = false;
  if (writeGiven) args.write = true;
  return args;
}
