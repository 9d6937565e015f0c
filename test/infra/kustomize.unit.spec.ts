import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KustomizeError, renderKustomization } from './kustomize';
import { applyJsonPatch, strategicMerge } from './patches';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'kustomize-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  selector: { matchLabels: { a: b } }
  template:
    metadata: { labels: { a: b } }
    spec:
      containers:
        - name: one
          image: img
          env: [{ name: A, value: "1" }, { name: B, value: "2" }, { name: C, value: "3" }]
          ports: [{ containerPort: 80, name: http }]
        - name: two
          image: other:1
---
apiVersion: v1
kind: Service
metadata: { name: s }
spec:
  selector: { a: b }
  ports: [{ port: 80, name: http }, { port: 81, name: x }]
`;

// The expected objects are what kubectl kustomize (kustomize v5.5) printed for the same files.
describe('renderKustomization', () => {
  it('applies strategic merge patches, then the namespace, labels and images, as kustomize does', () => {
    write('base/d.yaml', BASE);
    write('base/kustomization.yaml', 'resources: [d.yaml]\n');
    write(
      'ov/p.yaml',
      `apiVersion: apps/v1
kind: Deployment
metadata: { name: d }
spec:
  template:
    spec:
      containers:
        - name: two
          env: [{ name: Z, value: "z" }]
        - name: one
          env: [{ name: C, value: "33" }, { name: D, value: "4" }, { name: A, $patch: delete }]
---
apiVersion: v1
kind: Service
metadata: { name: s }
spec:
  ports: [{ port: 81, name: "y" }]
`,
    );
    write('ov/kustomization.yaml', 'resources: [../base]\npatches: [{path: p.yaml}]\nlabels: [{pairs: {x: "y"}}]\nnamespace: ns\nimages: [{name: img, newTag: "2"}, {name: other, digest: "sha256:abc"}]\n');

    const [deployment, service] = renderKustomization(path.join(root, 'ov'));

    expect(service).toEqual({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns', labels: { x: 'y' } }, spec: { selector: { a: 'b' }, ports: [{ port: 81, name: 'y' }, { port: 80, name: 'http' }] } });
    expect(deployment!.metadata).toEqual({ name: 'd', namespace: 'ns', labels: { x: 'y' } });
    expect((deployment as any).spec.template).toEqual({
      metadata: { labels: { a: 'b' } },
      spec: {
        containers: [
          { name: 'two', image: 'other@sha256:abc', env: [{ name: 'Z', value: 'z' }] },
          { name: 'one', image: 'img:2', env: [{ name: 'C', value: '33' }, { name: 'D', value: '4' }, { name: 'B', value: '2' }], ports: [{ containerPort: 80, name: 'http' }] },
        ],
      },
    });
  });

  it('applies an inline JSON 6902 patch to every object its target selects', () => {
    write('d.yaml', BASE);
    write('kustomization.yaml', 'resources: [d.yaml]\npatches:\n  - target: { kind: Service }\n    patch: |-\n      - { op: replace, path: /spec/ports/0/port, value: 8080 }\n      - { op: add, path: /metadata/annotations, value: { a: b } }\n');

    const service = renderKustomization(root).find((o) => o.kind === 'Service')!;

    expect((service as any).spec.ports[0]).toEqual({ port: 8080, name: 'http' });
    expect(service.metadata.annotations).toEqual({ a: 'b' });
  });

  it('refuses what it does not implement, naming the field', () => {
    write('kustomization.yaml', 'resources: []\nconfigMapGenerator: [{ name: c }]\n');
    expect(() => renderKustomization(root)).toThrow(/does not support configMapGenerator/);
  });

  it('refuses a strategic merge patch that matches no resource', () => {
    write('d.yaml', BASE);
    write('p.yaml', 'apiVersion: v1\nkind: Service\nmetadata: { name: typo }\nspec: { type: NodePort }\n');
    write('kustomization.yaml', 'resources: [d.yaml]\npatches: [{ path: p.yaml }]\n');
    expect(() => renderKustomization(root)).toThrow(KustomizeError);
    expect(() => renderKustomization(root)).toThrow(/no resource matches the patch for Service\/typo/);
  });

  it('refuses the same object defined twice', () => {
    write('d.yaml', BASE);
    write('e.yaml', BASE);
    write('kustomization.yaml', 'resources: [d.yaml, e.yaml]\n');
    expect(() => renderKustomization(root)).toThrow(/Deployment\/~\/d is already defined/);
  });

  it('refuses a document that is not a Kubernetes object', () => {
    write('d.yaml', 'kind: Service\nmetadata: { name: s }\n');
    write('kustomization.yaml', 'resources: [d.yaml]\n');
    expect(() => renderKustomization(root)).toThrow(/document 1 is not a Kubernetes object/);
  });
});

describe('strategicMerge', () => {
  it('merges maps, deletes keys set to null and replaces lists without a merge key', () => {
    expect(strategicMerge({ a: { b: 1, c: 2 }, l: [1, 2], gone: true }, { a: { c: 3 }, l: [3], gone: null })).toEqual({ a: { b: 1, c: 3 }, l: [3] });
  });
});

describe('applyJsonPatch', () => {
  it('appends with -, removes, and leaves the input untouched', () => {
    const input = { items: [1, 2], keep: true, drop: 1 };
    expect(applyJsonPatch(input, [{ op: 'add', path: '/items/-', value: 3 }, { op: 'remove', path: '/drop' }], 'test')).toEqual({ items: [1, 2, 3], keep: true });
    expect(input).toEqual({ items: [1, 2], keep: true, drop: 1 });
  });

  it('refuses a path that does not exist and an operation it does not implement', () => {
    expect(() => applyJsonPatch({ a: {} }, [{ op: 'replace', path: '/a/b', value: 1 }], 'p.yaml')).toThrow('p.yaml: JSON patch path /a/b does not exist');
    expect(() => applyJsonPatch({ a: [] }, [{ op: 'replace', path: '/a/0', value: 1 }], 'p.yaml')).toThrow(/does not exist/);
    expect(() => applyJsonPatch({}, [{ op: 'move', path: '/a' }], 'p.yaml')).toThrow(/op "move" is not supported/);
  });
});
