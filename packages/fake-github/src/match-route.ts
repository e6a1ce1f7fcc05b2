import type { RouteDefinition } from './route-types.js';

/** Params whose values may contain `/` (file paths, refs, `base...head`, branch names). */
const GREEDY_PARAMS = new Set(['path', 'ref', 'basehead', 'branch', 'name']);

export interface CompiledRoute {
  route: RouteDefinition;
  regex: RegExp;
  names: string[];
}

export function compileRoutes(routes: readonly RouteDefinition[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const pattern = route.template
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\/\{(\w+)\}/g, (_m, name: string) => {
        names.push(name);
        // A file path may be empty (repository root): `/contents` and `/contents/`.
        if (name === 'path') return '(?:/(.*))?';
        return GREEDY_PARAMS.has(name) ? '/(.+)' : '/([^/]+)';
      });
    return { route, regex: new RegExp(`^${pattern}/?$`), names };
  });
}

export interface RouteMatch {
  route: RouteDefinition;
  params: Record<string, string>;
}

/**
 * Finds the route for `method` + decoded-or-encoded `pathname`. Literal
 * segments win over parameters because routes are tried in table order and
 * the table lists more specific templates first. Returns `methodNotAllowed`
 * when the path exists under another method.
 */
export function matchRoute(params: {
  routes: readonly CompiledRoute[];
  method: string;
  pathname: string;
}): RouteMatch | { methodNotAllowed: true } | null {
  let pathExists = false;
  for (const compiled of params.routes) {
    const match = compiled.regex.exec(params.pathname);
    if (!match) continue;
    if (compiled.route.method !== params.method) {
      pathExists = true;
      continue;
    }
    const values: Record<string, string> = {};
    compiled.names.forEach((name, index) => {
      values[name] = decodeURIComponent(match[index + 1] ?? '');
    });
    return { route: compiled.route, params: values };
  }
  return pathExists ? { methodNotAllowed: true } : null;
}
