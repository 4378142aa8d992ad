// A package's whole production dependency tree, resolved the way Node resolves `require`:
// from the folder of the package that needs it, node_modules in that folder, then in each
// parent folder up to the root. Works over any file tree (the project's node_modules on disk,
// the entries of app.asar), given how to tell whether a file is there and how to read one.

export interface TreeSource {
  /** Whether the tree has this file (a path relative to the tree's root, with '/'). */
  has(path: string): boolean;
  readJson(path: string): { name: string; version: string; dependencies?: Record<string, string> };
}

export interface DependencyTree {
  /** Each package reached, by the folder it resolved to: `name@version`. */
  packages: Map<string, string>;
  /** Dependency edges that resolved to nothing: "name, needed by who". */
  missing: string[];
}

/** Node's lookup of `name` from the package in `fromDir` ('' for the root). */
export function lookup(source: TreeSource, name: string, fromDir: string): string | undefined {
  const parts = fromDir ? fromDir.split('/') : [];
  for (let end = parts.length; end >= 0; end -= 1) {
    if (end > 0 && parts[end - 1] === 'node_modules') continue;
    const dir = [...parts.slice(0, end), 'node_modules', name].join('/');
    if (source.has(`${dir}/package.json`)) return dir;
  }
  return undefined;
}

/** Every package `name` (as the root needs it) depends on, recursively, itself included. */
export function dependencyTree(source: TreeSource, name: string): DependencyTree {
  const packages = new Map<string, string>();
  const missing: string[] = [];
  const queue: [name: string, fromDir: string, who: string][] = [[name, '', 'the app']];
  while (queue.length > 0) {
    const [need, fromDir, who] = queue.shift() as [string, string, string];
    const dir = lookup(source, need, fromDir);
    if (!dir) {
      missing.push(`${need}, needed by ${who}`);
      continue;
    }
    if (packages.has(dir)) continue;
    const pkg = source.readJson(`${dir}/package.json`);
    packages.set(dir, `${pkg.name}@${pkg.version}`);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      queue.push([dep, dir, `${pkg.name}@${pkg.version} (${dir})`]);
    }
  }
  return { packages, missing };
}
