import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { applyJsonPatch, strategicMerge, type JsonPatchOp } from './patches';

/**
 * Renders a kustomization the way `kubectl kustomize` does, for the subset infra/k8s/ uses:
 * resources (files and kustomization directories), patches (strategic merge or JSON 6902, from a
 * file or inline, with or without a target), namespace, labels (metadata only) and images, applied
 * in kustomize's order. Anything else in a kustomization.yaml is refused by name, so the subset
 * cannot silently drift from what the manifests use. CI has no kubectl; the manifest test compares
 * this renderer with kubectl wherever kubectl exists.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

export class KustomizeError extends Error {}

interface Target {
  kind?: string;
  name?: string;
  group?: string;
  version?: string;
}
interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Target;
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  resources?: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  patches?: PatchEntry[];
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'namespace', 'labels', 'images', 'patches']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass', 'IngressClass', 'PriorityClass']);

export function parseYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text).flatMap((doc, index) => {
    if (doc.errors.length > 0) throw new KustomizeError(`${source}: YAML document ${index + 1}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    return value == null ? [] : [value];
  });
}

function readObjects(file: string): K8sObject[] {
  return parseYamlDocuments(readFileSync(file, 'utf8'), file).map((value, index) => {
    const object = value as Partial<K8sObject>;
    if (!object || typeof object !== 'object' || !object.apiVersion || !object.kind || !object.metadata?.name) {
      throw new KustomizeError(`${file}: document ${index + 1} is not a Kubernetes object (apiVersion, kind and metadata.name are required)`);
    }
    return object as K8sObject;
  });
}

function loadKustomization(dir: string): Kustomization {
  const file = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'].map((name) => path.join(dir, name)).find((candidate) => isFile(candidate));
  if (!file) throw new KustomizeError(`${dir}: no kustomization.yaml`);
  const [document] = parseYamlDocuments(readFileSync(file, 'utf8'), file);
  const kustomization = (document ?? {}) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new KustomizeError(`${file}: this renderer does not support ${unsupported.join(', ')} (supported: ${[...SUPPORTED].join(', ')})`);
  for (const label of kustomization.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates) throw new KustomizeError(`${file}: labels with includeSelectors or includeTemplates are not supported`);
  }
  return kustomization;
}

function isFile(candidate: string): boolean {
  try {
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}

const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? '~'}/${o.metadata.name}`;
const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.split('/')[0]! : '');
const versionOf = (apiVersion: string): string => apiVersion.split('/').pop()!;

function matches(object: K8sObject, target: Target): boolean {
  return (
    (target.kind === undefined || target.kind === object.kind) &&
    (target.name === undefined || new RegExp(`^(?:${target.name})$`).test(object.metadata.name)) &&
    (target.group === undefined || target.group === groupOf(object.apiVersion)) &&
    (target.version === undefined || target.version === versionOf(object.apiVersion))
  );
}

function applyPatch(objects: K8sObject[], entry: PatchEntry, dir: string): K8sObject[] {
  const source = entry.path ? path.join(dir, entry.path) : `${dir} (inline patch)`;
  const text = entry.path ? readFileSync(source, 'utf8') : entry.patch;
  if (text === undefined) throw new KustomizeError(`${dir}: a patch needs path or patch`);
  const documents = parseYamlDocuments(text, source);
  if (documents.length === 1 && Array.isArray(documents[0])) {
    if (!entry.target) throw new KustomizeError(`${source}: a JSON 6902 patch needs a target`);
    const ops = documents[0] as JsonPatchOp[];
    return objects.map((object) => (matches(object, entry.target!) ? (applyJsonPatch(object, ops, source) as K8sObject) : object));
  }
  let result = objects;
  for (const patch of documents as K8sObject[]) {
    const target = entry.target ?? { kind: patch.kind, name: escapeRegExp(patch.metadata?.name ?? ''), group: groupOf(patch.apiVersion ?? '') };
    if (!result.some((object) => matches(object, target))) throw new KustomizeError(`${source}: no resource matches the patch for ${patch.kind}/${patch.metadata?.name}`);
    result = result.map((object) => (matches(object, target) ? (strategicMerge(object, patch) as K8sObject) : object));
  }
  return result;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function setImages(node: unknown, images: NonNullable<Kustomization['images']>): void {
  if (Array.isArray(node)) return node.forEach((item) => setImages(item, images));
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value as { image?: string }[]) {
        if (container.image) container.image = newImage(container.image, images);
      }
    } else {
      setImages(value, images);
    }
  }
}

function newImage(image: string, images: NonNullable<Kustomization['images']>): string {
  const [withTag, digest] = image.split('@') as [string, string | undefined];
  const slash = withTag.lastIndexOf('/');
  const colon = withTag.lastIndexOf(':');
  const name = colon > slash ? withTag.slice(0, colon) : withTag;
  const tag = colon > slash ? withTag.slice(colon + 1) : undefined;
  const rule = images.find((candidate) => candidate.name === name);
  if (!rule) return image;
  const suffix = rule.digest ? `@${rule.digest}` : rule.newTag ? `:${rule.newTag}` : digest ? `@${digest}` : tag ? `:${tag}` : '';
  return `${rule.newName ?? name}${suffix}`;
}

/** Every object the kustomization in `dir` produces, in resource order. */
export function renderKustomization(dir: string): K8sObject[] {
  const kustomization = loadKustomization(dir);
  let objects: K8sObject[] = [];
  for (const resource of kustomization.resources ?? []) {
    const location = path.join(dir, resource);
    const loaded = isFile(location) ? readObjects(location) : renderKustomization(location);
    for (const object of loaded) {
      if (objects.some((existing) => idOf(existing) === idOf(object))) throw new KustomizeError(`${location}: ${idOf(object)} is already defined`);
      objects.push(object);
    }
  }
  objects = structuredClone(objects);
  for (const entry of kustomization.patches ?? []) objects = applyPatch(objects, entry, dir);
  for (const object of objects) {
    if (kustomization.namespace && !CLUSTER_SCOPED.has(object.kind)) object.metadata.namespace = kustomization.namespace;
    for (const label of kustomization.labels ?? []) object.metadata.labels = { ...object.metadata.labels, ...label.pairs };
    if (kustomization.images) setImages(object, kustomization.images);
  }
  return objects;
}
