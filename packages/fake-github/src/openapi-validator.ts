import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import * as ajvFormats from 'ajv-formats';
import type { SchemaCorrection } from './correct-descriptions.js';
import type { OpenApiDocument } from './load-openapi-spec.js';

type Json = unknown;
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = ((ajvFormats as unknown as { default?: FormatsPlugin }).default ??
  (ajvFormats as unknown as FormatsPlugin)) as FormatsPlugin;

const KNOWN_FORMATS = new Set([
  'date',
  'time',
  'date-time',
  'iso-time',
  'iso-date-time',
  'duration',
  'uri',
  'uri-reference',
  'uri-template',
  'url',
  'email',
  'hostname',
  'ipv4',
  'ipv6',
  'regex',
  'uuid',
  'json-pointer',
  'json-pointer-uri-fragment',
  'relative-json-pointer',
  'byte',
  'int32',
  'int64',
  'float',
  'double',
  'password',
  'binary',
]);
const DROPPED_KEYWORDS = new Set([
  'example',
  'examples',
  'discriminator',
  'xml',
  'externalDocs',
  'readOnly',
  'writeOnly',
  'deprecated',
]);

export interface ValidationOutcome {
  valid: boolean;
  errors: ErrorObject[];
}

/**
 * Compiles JSON-schema validators for one OpenAPI document on demand.
 * Component schemas are converted (OpenAPI 3.0 `nullable` → `anyOf null`,
 * overlapping `oneOf` → `anyOf`,
 * `$ref` → per-component ids) and registered with Ajv only when an operation
 * first needs them, so the 13 MB REST description costs only a JSON.parse
 * plus the schemas a test actually touches. Compiled validators are cached.
 */
export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly added = new Set<string>();
  private readonly formats = new Set(KNOWN_FORMATS);
  private readonly compiled = new Map<string, ValidateFunction | null>();
  private readonly base: string;

  constructor(
    private readonly doc: OpenApiDocument,
    name: string,
    /** Component schemas to rewrite before compiling (see correct-descriptions.ts). */
    private readonly corrections: Record<string, SchemaCorrection> = {},
  ) {
    this.ajv = new Ajv({
      strict: false,
      allErrors: false,
      validateSchema: false,
      logger: false,
      // Compile each component once and call it by reference: GitHub schemas nest
      // `repository`, `simple-user`, … everywhere, and inlining them multiplies
      // compile time.
      inlineRefs: false,
    });
    addFormats(this.ajv);
    this.base = `https://openapi.fake/${name}/schemas/`;
  }

  /** Resolves `#/components/<kind>/<name>` inside the document (one level, for responses/parameters). */
  resolve<T>(node: T): T {
    let current: unknown = node;
    for (let depth = 0; depth < 8; depth += 1) {
      const ref = (current as { $ref?: unknown } | undefined)?.$ref;
      if (typeof ref !== 'string') break;
      const [, kind, name] = /^#\/components\/(\w+)\/(.+)$/.exec(ref) ?? [];
      const bucket = kind
        ? (this.doc.components as Record<string, Record<string, unknown> | undefined>)[kind]
        : undefined;
      current = name && bucket ? bucket[name] : undefined;
    }
    return current as T;
  }

  private convert(node: Json, pending: string[]): Json {
    if (Array.isArray(node)) return node.map((item) => this.convert(item, pending));
    if (node === null || typeof node !== 'object') return node;
    const source = node as Record<string, unknown>;
    const ref = source.$ref;
    if (typeof ref === 'string') {
      const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
      if (!name) throw new Error(`unsupported $ref ${ref}`);
      if (!this.added.has(name)) pending.push(name);
      return { $ref: this.base + encodeURIComponent(name) };
    }
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(source)) {
      if (key === 'nullable' || DROPPED_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      if (
        key === 'properties' ||
        key === 'patternProperties' ||
        key === 'definitions' ||
        key === '$defs'
      ) {
        out[key] = Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([prop, schema]) => [
            prop,
            this.convert(schema, pending),
          ]),
        );
      } else if (key === 'format' && typeof value === 'string') {
        if (!this.formats.has(value)) {
          this.ajv.addFormat(value, true);
          this.formats.add(value);
        }
        out[key] = value;
      } else if (key === 'enum' || key === 'const' || key === 'required' || key === 'default') {
        out[key] = value;
      } else if (key === 'oneOf') {
        // GitHub's description uses oneOf for alternatives that overlap (e.g.
        // basic-error vs repository-rule-violation-error, both open objects),
        // which real responses match twice; read it as anyOf.
        const alternatives = this.convert(value, pending);
        if ('anyOf' in source)
          out.allOf = [...((out.allOf as unknown[]) ?? []), { anyOf: alternatives }];
        else out.anyOf = alternatives;
      } else {
        out[key] = this.convert(value, pending);
      }
    }
    if (source.nullable === true) {
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
      return { anyOf: [out, { type: 'null' }] };
    }
    return out;
  }

  /** Converts a schema and registers every component it reaches (transitively) with Ajv. */
  private prepare(schema: Json): Json {
    const pending: string[] = [];
    const converted = this.convert(schema, pending);
    while (pending.length > 0) {
      const name = pending.pop() as string;
      if (this.added.has(name)) continue;
      this.added.add(name);
      const component = this.doc.components.schemas[name];
      if (component === undefined) throw new Error(`missing component schema ${name}`);
      const correct = this.corrections[name];
      const corrected = correct ? correct(component as Record<string, unknown>) : component;
      const body = this.convert(corrected, pending) as Record<string, unknown>;
      this.ajv.addSchema({ ...body, $id: this.base + encodeURIComponent(name) });
    }
    return converted;
  }

  /**
   * Validates `data` against `schema` (a fragment of this document), compiling
   * once per `cacheKey`. A null/undefined schema accepts anything.
   */
  validate(params: {
    cacheKey: string;
    schema: Json | undefined;
    data: unknown;
  }): ValidationOutcome {
    let validator = this.compiled.get(params.cacheKey);
    if (validator === undefined) {
      validator =
        params.schema === undefined || params.schema === null
          ? null
          : this.ajv.compile(this.prepare(params.schema) as Record<string, unknown>);
      this.compiled.set(params.cacheKey, validator);
    }
    if (validator === null) return { valid: true, errors: [] };
    const valid = validator(params.data) as boolean;
    return { valid, errors: valid ? [] : [...(validator.errors ?? [])] };
  }
}

/** Renders Ajv errors like GitHub's 422 details: `"title" wasn't supplied.` / `For 'properties/x', 1 is not a string.` */
export function describeErrors(params: { errors: readonly ErrorObject[]; data: unknown }): string {
  return params.errors
    .map((error) => {
      const path = error.instancePath.replace(/^\//, '');
      if (error.keyword === 'required') {
        return `"${String((error.params as { missingProperty?: string }).missingProperty)}" wasn't supplied.`;
      }
      const value = path
        .split('/')
        .reduce<unknown>(
          (node, key) =>
            node !== null && typeof node === 'object'
              ? (node as Record<string, unknown>)[key]
              : undefined,
          params.data,
        );
      if (error.keyword === 'type') {
        return `For 'properties/${path}', ${JSON.stringify(value)} is not ${String((error.params as { type?: unknown }).type)}.`;
      }
      return `For '${path === '' ? 'body' : `properties/${path}`}', ${JSON.stringify(value)} ${error.message ?? 'is invalid'}.`;
    })
    .join('\n');
}
