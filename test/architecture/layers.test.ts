/**
 * Layers you can see: the compiled import graph (runtime `require`s of build/src and build/charts)
 * has no cycle between files nor between folders, every folder imports only from the layers below
 * it (LAYERS, the architecture README's Layout table describes), and `check` depends on nothing
 * of ours but the Kubernetes syntax module.
 */
import * as fs from 'fs';
import * as path from 'path';

const BUILD = path.resolve(__dirname, '../..');

/**
 * Bottom to top. A unit may import from its own layer's units and from lower layers only.
 * A new folder under src/ gets a line here, at its place in the architecture.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['src/k8s', 'src/errors', 'src/paths', 'src/yaml'],
  ['src/check'],
  ['src/values'],
  ['src/observability'],
  ['src/model'],
  ['src/rules'],
  ['src/pipeline', 'src/manifests'],
  ['src/argocd'],
  ['charts'],
  ['src/synth', 'src/environments', 'src/args'],
  ['src/plan', 'src/diff', 'src/docs', 'src/import'],
  ['src/commands', 'src/index'],
  ['src/cli'],
];

type Graph = Map<string, Set<string>>;

function jsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? jsFiles(p) : e.name.endsWith('.js') ? [p] : [];
  });
}

/** File -> files it requires (relative requires only), as paths relative to build/. */
function importGraph(): Graph {
  const g: Graph = new Map();
  for (const file of [...jsFiles(path.join(BUILD, 'src')), ...jsFiles(path.join(BUILD, 'charts'))]) {
    const from = path.relative(BUILD, file).replace(/\.js$/, '');
    const deps = new Set<string>();
    for (const [, spec] of fs.readFileSync(file, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const target = path.resolve(path.dirname(file), spec);
      const resolved = fs.existsSync(`${target}.js`) ? target : path.join(target, 'index');
      deps.add(path.relative(BUILD, resolved));
    }
    g.set(from, deps);
  }
  return g;
}

/** Strongly connected components with more than one node, or a node that requires itself: the cycles. */
export function cycles(g: Graph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || g.get(v)?.has(v)) out.push(scc.sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

/** `src/model/env` -> `src/model`; `src/cli` -> `src/cli`; `charts/redis` -> `charts`. */
const unitOf = (file: string) => (file.startsWith('charts/') ? 'charts' : file.split('/').slice(0, 2).join('/'));

function folderGraph(g: Graph): Graph {
  const f: Graph = new Map();
  for (const [from, deps] of g) {
    const u = unitOf(from);
    const set = f.get(u) ?? new Set<string>();
    for (const d of deps) if (unitOf(d) !== u) set.add(unitOf(d));
    f.set(u, set);
  }
  return f;
}

const graph = importGraph();

describe('the cycle finder', () => {
  test('finds a cycle and a self-import, and nothing in a DAG', () => {
    const g = (edges: [string, string][]) => {
      const m: Graph = new Map();
      for (const [a, b] of edges) m.set(a, new Set([...(m.get(a) ?? []), b])).set(b, m.get(b) ?? new Set());
      return m;
    };
    expect(
      cycles(
        g([
          ['a', 'b'],
          ['b', 'c'],
          ['c', 'a'],
          ['c', 'd'],
        ]),
      ),
    ).toEqual([['a', 'b', 'c']]);
    expect(cycles(g([['a', 'a']]))).toEqual([['a']]);
    expect(
      cycles(
        g([
          ['a', 'b'],
          ['a', 'c'],
          ['b', 'c'],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('the import graph', () => {
  test('is read from the compiled build', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get('src/cli')).toBeDefined();
  });
  test('has no cycle between files', () => {
    expect(cycles(graph)).toEqual([]);
  });
  test('has no cycle between folders', () => {
    expect(cycles(folderGraph(graph))).toEqual([]);
  });
  test('every folder imports only from its own layer and below', () => {
    const layer = new Map(LAYERS.flatMap((units, i) => units.map((u) => [u, i] as const)));
    const problems: string[] = [];
    for (const [from, deps] of folderGraph(graph)) {
      if (!layer.has(from)) {
        problems.push(`${from} is not in LAYERS: add it at its place in the architecture`);
        continue;
      }
      for (const d of deps)
        if ((layer.get(d) ?? Infinity) > layer.get(from)!) problems.push(`${from} imports ${d}, a layer above it`);
    }
    expect(problems).toEqual([]);
  });
  test('check depends on nothing of ours but the Kubernetes syntax module', () => {
    const outside = [...graph]
      .filter(([from]) => from.startsWith('src/check/'))
      .flatMap(([from, deps]) =>
        [...deps].filter((d) => !d.startsWith('src/check/') && d !== 'src/k8s').map((d) => `${from} -> ${d}`),
      );
    expect(outside).toEqual([]);
  });
});
