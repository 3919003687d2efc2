/** The source tree as data: files, their imports (resolved to files) and the tables each names. */
import fs from "node:fs";
import path from "node:path";

export const ROOT = path.join(__dirname, "../..");
const SRC = path.join(ROOT, "src");

/** Paths relative to the repository root, with forward slashes. */
export const rel = (file: string) => path.relative(ROOT, file).split(path.sep).join("/");

export function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : sourceFiles(full);
    return e.name.endsWith(".ts") ? [rel(full)] : [];
  });
}

export const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

export interface Import {
  target: string;
  typeOnly: boolean;
  /** the names imported from the target as it spells them (`{ a, b as c }` → a, b); a default import is `default` */
  names: string[];
}

const IMPORT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:([^;'"]*?)\sfrom\s+)?"([^"]+)"/g;

/** The names of an import clause: `x, { a, type b as c }` → default, a, b. */
function importedNames(clause: string | undefined): string[] {
  if (!clause) return [];
  const braced = /\{([^}]*)\}/.exec(clause);
  const named = braced ? braced[1].split(",").map((n) => n.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]).filter(Boolean) : [];
  return /^\s*[\w$]+\s*(,|$)/.test(clause) ? ["default", ...named] : named;
}

/** Relative imports of one file, resolved to files of the tree (packages are left out). */
export function importsOf(file: string): Import[] {
  const out: Import[] = [];
  for (const m of read(file).matchAll(IMPORT)) {
    const spec = m[4];
    if (!spec.startsWith(".")) continue;
    const base = path.join(ROOT, path.dirname(file), spec);
    const target = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
    if (target) out.push({ target: rel(target), typeOnly: Boolean(m[2]), names: importedNames(m[3]) });
  }
  return out;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(files: string[]): string[][] {
  const edges = new Map(files.map((f) => [f, importsOf(f).map((i) => i.target)]));
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop()!; ; w = stack.pop()!) {
      onStack.delete(w);
      component.push(w);
      if (w === v) break;
    }
    if (component.length > 1 || edges.get(v)?.includes(v)) cycles.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

/** Table names declared in prisma/schema.prisma (`@@map`), with the Prisma model of each. */
export function schemaTables(): Map<string, string> {
  const tables = new Map<string, string>();
  for (const m of read("prisma/schema.prisma").matchAll(/^model (\w+) \{.*?@@map\("(\w+)"\).*?^\}/gms)) tables.set(m[2], m[1]);
  return tables;
}

/**
 * Tables a file touches: named in SQL (FROM, JOIN, INTO, UPDATE, DELETE FROM; the hub writes SQL keywords
 * in capitals) or reached through a Prisma model delegate (`prisma.stockBalance.findMany(…)`).
 */
export function tablesTouched(file: string, tables: Map<string, string>): string[] {
  const text = read(file);
  const names = [...tables.keys()].join("|");
  const found = new Set<string>();
  for (const m of text.matchAll(new RegExp(`\\b(?:FROM|JOIN|INTO|UPDATE)\\s+"?(${names})\\b`, "g"))) found.add(m[1]);
  const byDelegate = new Map([...tables].map(([table, model]) => [model[0].toLowerCase() + model.slice(1), table]));
  const delegates = [...byDelegate.keys()].join("|");
  for (const m of text.matchAll(new RegExp(`\\.(${delegates})\\.(?:find\\w*|create\\w*|update\\w*|upsert|delete\\w*|count|aggregate|groupBy)\\(`, "g"))) {
    found.add(byDelegate.get(m[1])!);
  }
  return [...found].sort();
}
