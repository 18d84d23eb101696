// Validates deploy/k8s offline against the Kubernetes API's published schemas, as kubeconform -strict would:
//  - kubernetes-models: JSON Schema validation generated from the Kubernetes OpenAPI document (types, required
//    fields, enums, formats) for every resource;
//  - @kubernetes/client-node: the API's models name every field each object may have; a field that none names (a
//    typo such as `readinesProbe`) is an error here, as the API server's strict field validation would make it.
// kustomization.yaml is checked for what kubectl apply -k needs: its resources exist, and each is listed once.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');
const k8s = require('@kubernetes/client-node');

const root = path.resolve(__dirname, '../../deploy/k8s');
const errors = [];
const fail = (where, message) => errors.push(`${where}: ${message}`);

function modelFor(apiVersion, kind) {
  const group = apiVersion.includes('/') ? apiVersion : `v1`;
  try {
    return require(`kubernetes-models/${group}/${kind}`)[kind];
  } catch {
    return undefined;
  }
}

function clientTypeFor(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  return `${version[0].toUpperCase()}${version.slice(1)}${kind}`;
}

// Walks a manifest beside the client's model of its type and reports every field the model does not name.
function unknownFields(value, typeName, where) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, array[1], `${where}[${i}]`));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    if (typeof value === 'object') for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${where}.${key}`);
    return;
  }
  const model = k8s[typeName];
  if (typeof model !== 'function' || typeof model.getAttributeTypeMap !== 'function' || typeof value !== 'object') return;
  const fields = new Map(model.getAttributeTypeMap().map((attribute) => [attribute.baseName, attribute.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) fail(where, `unknown field "${key}" (${typeName} has ${[...fields.keys()].join(', ')})`);
    else unknownFields(item, fields.get(key), `${where}.${key}`);
  }
}

function checkKustomization(file, document) {
  const listed = document.resources ?? [];
  for (const resource of listed) {
    if (!fs.existsSync(path.join(root, resource))) fail(file, `resource ${resource} does not exist`);
  }
  if (new Set(listed).size !== listed.length) fail(file, 'a resource is listed twice');
  for (const image of document.images ?? []) {
    if (!image.name || !(image.newName || image.newTag || image.digest)) fail(file, `image entry ${JSON.stringify(image)} changes nothing`);
  }
}

let resources = 0;
for (const file of fs.readdirSync(root).filter((name) => /\.ya?ml$/.test(name)).sort()) {
  const documents = YAML.parseAllDocuments(fs.readFileSync(path.join(root, file), 'utf8'), { uniqueKeys: true });
  for (const [index, parsed] of documents.entries()) {
    const where = documents.length > 1 ? `${file}#${index + 1}` : file;
    if (parsed.errors.length > 0) {
      parsed.errors.forEach((error) => fail(where, error.message));
      continue;
    }
    const document = parsed.toJS();
    if (document === null) continue;
    if (document.kind === 'Kustomization') {
      checkKustomization(where, document);
      continue;
    }
    const { apiVersion, kind } = document;
    const Model = apiVersion && kind ? modelFor(apiVersion, kind) : undefined;
    if (!Model) {
      fail(where, `no schema for apiVersion ${apiVersion} kind ${kind}`);
      continue;
    }
    try {
      new Model(document).validate();
    } catch (error) {
      fail(where, `${kind}: ${error.message}`);
    }
    unknownFields(document, clientTypeFor(apiVersion, kind), kind);
    resources++;
  }
}

if (errors.length > 0) {
  console.error(errors.join('\n'));
  console.error(`deploy/k8s: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`deploy/k8s: ${resources} resources valid (schema and strict fields)`);
