// Turns serialized FileDescriptorProtos (the bytes each *_pb2.py of the TF wheel passes to AddSerializedFile) into .proto text.
const fs = require('fs');
const path = require('path');
const descriptor = require('protobufjs/ext/descriptor');
const FDP = descriptor.FileDescriptorProto;
// usage: node descriptor-to-proto.cjs DIR_WITH_.desc_FILES OUT_DIR
const [DESC_DIR, OUT_DIR] = process.argv.slice(2);
const SCALAR = {1:'double',2:'float',3:'int64',4:'uint64',5:'int32',6:'fixed64',7:'fixed32',8:'bool',9:'string',12:'bytes',13:'uint32',15:'sfixed32',16:'sfixed64',17:'sint32',18:'sint64'};
const header = fs.readFileSync(path.join(__dirname, 'license-header.txt'),'utf8');
function typeName(f, pkg) {
  if (f.type === 11 || f.type === 14) {
    let t = f.typeName; // .pkg.Msg
    return t.startsWith('.') ? t.slice(1) : t;
  }
  return SCALAR[f.type];
}
function fieldOpts(f) {
  const o = [];
  if (f.options && f.options.deprecated) o.push('deprecated = true');
  if (f.options && f.options.packed === false) o.push('packed = false');
  if (f.options && f.options.packed === true) o.push('packed = true');
  return o.length ? ` [${o.join(', ')}]` : '';
}
function printEnum(e, ind) {
  let s = `${ind}enum ${e.name} {\n`;
  if (e.options && e.options.allowAlias) s += `${ind}  option allow_alias = true;\n`;
  for (const v of e.value) s += `${ind}  ${v.name} = ${v.number}${v.options && v.options.deprecated ? ' [deprecated = true]' : ''};\n`;
  for (const r of e.reservedRange || []) s += `${ind}  reserved ${r.start === r.end ? r.start : r.start + ' to ' + r.end};\n`;
  for (const n of e.reservedName || []) s += `${ind}  reserved "${n}";\n`;
  return s + `${ind}}\n`;
}
function printMsg(m, ind) {
  let s = `${ind}message ${m.name} {\n`;
  const maps = {};
  for (const n of m.nestedType || []) if (n.options && n.options.mapEntry) maps[n.name] = n;
  const oneofFields = {};
  const body = [];
  for (const f of m.field) {
    let line;
    const tn = typeName(f);
    const entryName = tn && tn.split('.').pop();
    if (f.label === 3 && f.type === 11 && maps[entryName] && tn.endsWith(m.name + '.' + entryName)) {
      const e = maps[entryName];
      line = `map<${typeName(e.field[0])}, ${typeName(e.field[1])}> ${f.name} = ${f.number}${fieldOpts(f)};`;
    } else {
      const lab = f.label === 3 ? 'repeated ' : f.label === 2 ? 'required ' : (f.proto3Optional || currentSyntax === 'proto2') ? 'optional ' : '';
      line = `${lab}${tn} ${f.name} = ${f.number}${fieldOpts(f)};`;
    }
    if (f.oneofIndex !== undefined && f.oneofIndex !== null && !f.proto3Optional && f.hasOwnProperty('oneofIndex')) {
      (oneofFields[f.oneofIndex] ||= []).push(line);
      if (oneofFields[f.oneofIndex].length === 1) body.push({ oneof: f.oneofIndex });
    } else body.push(line);
  }
  for (const b of body) {
    if (typeof b === 'string') s += `${ind}  ${b}\n`;
    else {
      s += `${ind}  oneof ${m.oneofDecl[b.oneof].name} {\n`;
      for (const l of oneofFields[b.oneof]) s += `${ind}    ${l}\n`;
      s += `${ind}  }\n`;
    }
  }
  for (const r of m.reservedRange || []) s += `${ind}  reserved ${r.end - 1 === r.start ? r.start : r.start + ' to ' + (r.end - 1)};\n`;
  for (const n of m.reservedName || []) s += `${ind}  reserved "${n}";\n`;
  for (const e of m.enumType || []) s += printEnum(e, ind + '  ');
  for (const n of m.nestedType || []) if (!(n.options && n.options.mapEntry)) s += printMsg(n, ind + '  ');
  return s + `${ind}}\n`;
}
let currentSyntax = 'proto3';
for (const file of fs.readdirSync(DESC_DIR).filter((f) => f.endsWith('.desc'))) {
  const d = FDP.decode(fs.readFileSync(path.join(DESC_DIR, file)));
  currentSyntax = d.syntax || 'proto2';
  let s = header + `\n// Reconstructed from the FileDescriptorProto embedded in the tensorflow-cpu 2.21.0 wheel\n// (${d.name}); field names, numbers, types and options are exact, comments are not kept.\n\n`;
  s += `syntax = "${d.syntax || 'proto2'}";\n\npackage ${d.package};\n\n`;
  for (const dep of d.dependency) s += `import "${dep}";\n`;
  if (d.dependency.length) s += '\n';
  const o = d.options || {};
  if (o.ccEnableArenas) s += `option cc_enable_arenas = true;\n`;
  if (o.javaOuterClassname) s += `option java_outer_classname = "${o.javaOuterClassname}";\n`;
  if (o.javaMultipleFiles) s += `option java_multiple_files = true;\n`;
  if (o.javaPackage) s += `option java_package = "${o.javaPackage}";\n`;
  if (o.goPackage) s += `option go_package = "${o.goPackage}";\n`;
  s += '\n';
  for (const e of d.enumType) s += printEnum(e, '') + '\n';
  for (const m of d.messageType) s += printMsg(m, '') + '\n';
  fs.mkdirSync(path.join(OUT_DIR, path.dirname(d.name)), { recursive: true });
  fs.writeFileSync(path.join(OUT_DIR, d.name), s);
  console.log(d.name, d.dependency.join(' '));
}
