/**
 * The two patch kinds kustomize applies. Strategic merge follows kustomize's results: maps merge
 * key by key (null deletes a key); a list whose items carry a merge key (containers and volumes
 * by name, env by name, volume mounts by mountPath, ports by containerPort or port) merges item by
 * item, the patch's items first, then the original items the patch did not name, and an item with
 * `$patch: delete` removes its match; every other list is replaced whole.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface JsonPatchOp {
  op: string;
  path: string;
  value?: unknown;
}

const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  imagePullSecrets: ['name'],
  volumeMounts: ['mountPath'],
  ports: ['containerPort', 'port'],
};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function strategicMerge(original: unknown, patch: unknown): unknown {
  if (!isObject(original) || !isObject(patch)) return structuredClone(patch);
  const merged: JsonObject = structuredClone(original);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else if (Array.isArray(value) && Array.isArray(merged[key]) && MERGE_KEYS[key]) merged[key] = mergeList(merged[key] as Json[], value, MERGE_KEYS[key]!);
    else merged[key] = strategicMerge(merged[key], value) as Json;
  }
  return merged;
}

function mergeList(original: Json[], patch: Json[], candidates: string[]): Json[] {
  const key = candidates.find((candidate) => [...original, ...patch].every((item) => isObject(item) && item[candidate] !== undefined));
  if (!key) return structuredClone(patch);
  const same = (a: Json, b: Json) => (a as JsonObject)[key] === (b as JsonObject)[key];
  const result: Json[] = [];
  for (const item of patch) {
    const { $patch: directive, ...fields } = item as JsonObject;
    if (directive === 'delete') continue;
    const existing = original.find((candidate) => same(candidate, item));
    result.push(existing === undefined ? fields : (strategicMerge(existing, fields) as Json));
  }
  for (const item of original) if (!patch.some((candidate) => same(candidate, item))) result.push(structuredClone(item));
  return result;
}

function parsePointer(pointer: string, source: string): string[] {
  if (!pointer.startsWith('/')) throw new Error(`${source}: JSON patch path ${JSON.stringify(pointer)} must start with /`);
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** RFC 6902 add, replace and remove; the other operations are refused by name. */
export function applyJsonPatch(document: unknown, ops: JsonPatchOp[], source: string): unknown {
  const result = structuredClone(document) as Json;
  for (const { op, path, value } of ops) {
    if (!['add', 'replace', 'remove'].includes(op)) throw new Error(`${source}: JSON patch op ${JSON.stringify(op)} is not supported (add, replace, remove)`);
    const parts = parsePointer(path, source);
    const last = parts.pop()!;
    let parent: Json = result;
    for (const part of parts) {
      const next: Json | undefined = Array.isArray(parent) ? parent[Number(part)] : isObject(parent) ? parent[part] : undefined;
      if (next === undefined) throw new Error(`${source}: JSON patch path ${path} does not exist`);
      parent = next;
    }
    if (Array.isArray(parent)) {
      const index = last === '-' ? parent.length : Number(last);
      if (!Number.isInteger(index) || index < 0 || index > parent.length || (op !== 'add' && index >= parent.length)) throw new Error(`${source}: JSON patch path ${path} does not exist`);
      if (op === 'add') parent.splice(index, 0, structuredClone(value) as Json);
      else if (op === 'replace') parent[index] = structuredClone(value) as Json;
      else parent.splice(index, 1);
    } else if (isObject(parent)) {
      if (op !== 'add' && !(last in parent)) throw new Error(`${source}: JSON patch path ${path} does not exist`);
      if (op === 'remove') delete parent[last];
      else parent[last] = structuredClone(value) as Json;
    } else {
      throw new Error(`${source}: JSON patch path ${path} does not exist`);
    }
  }
  return result;
}
