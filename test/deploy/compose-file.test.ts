import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { variablesInReadme } from '../helpers/readme-variables.js';

/**
 * deploy/compose.yaml (the README's two-replica example) cannot be started on the test machines
 * (no Docker engine), so it is checked against what it relies on: the variables it sets are ones
 * the app reads, the database URL names the PostgreSQL service with its credentials, the health
 * check is the app's `/health`, and nginx forwards to the port the app listens on.
 */
const ROOT = join(import.meta.dirname, '..', '..');
interface Service {
  build?: string;
  deploy?: { replicas: number };
  environment?: Record<string, string>;
  depends_on?: unknown;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync(join(ROOT, 'deploy', 'compose.yaml'), 'utf8')) as {
  services: Record<string, Service>;
};
const nginx = readFileSync(join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
const service = (name: string): Service => {
  const found = compose.services[name];
  if (!found) throw new Error(`deploy/compose.yaml has no service ${name}`);
  return found;
};
const app = service('app');
const postgres = service('postgres');
const proxy = service('proxy');

describe('deploy/compose.yaml', () => {
  it('runs two replicas of the app, one PostgreSQL and one proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app', 'postgres', 'proxy']);
    expect(app.deploy?.replicas).toBe(2);
    expect(app.build).toBe('..');
  });

  it('sets only variables the README documents, and the ones serve requires', () => {
    const set = Object.keys(app.environment ?? {});
    const documented = variablesInReadme();
    expect(set.filter((name) => !documented.includes(name))).toEqual([]);
    expect(set).toEqual(
      expect.arrayContaining(['APP_ID', 'PRIVATE_KEY', 'WEBHOOK_SECRET', 'DATABASE_URL']),
    );
  });

  it('points DATABASE_URL at the PostgreSQL service with its own user, password and database', () => {
    const env = postgres.environment ?? {};
    const url = new URL(app.environment?.['DATABASE_URL'] ?? '');
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(env['POSTGRES_USER']);
    expect(url.password).toBe(env['POSTGRES_PASSWORD']);
    expect(url.pathname).toBe(`/${env['POSTGRES_DB']}`);
    expect(app.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it("checks each replica's health at GET /health on the port serve listens on by default", () => {
    const test = app.healthcheck?.test.join(' ') ?? '';
    expect(test).toContain('http://127.0.0.1:3000/health');
  });

  it('forwards the one published port to the app service on port 3000', () => {
    expect(proxy.ports).toEqual(['3000:80']);
    expect(proxy.volumes).toEqual(['./nginx.conf:/etc/nginx/conf.d/default.conf:ro']);
    expect(nginx).toMatch(/set \$replicas app;/);
    expect(nginx).toMatch(/proxy_pass http:\/\/\$replicas:3000;/);
    expect(nginx).toMatch(/listen 80;/);
  });
});
