/**
 * Checks dist/custom-elements.json against the elements themselves: the
 * attributes Lit observes at run time, the public members, the events of
 * each element's event map, and the slots, parts and CSS custom properties
 * the templates and styles really use. Run after `npm run build`.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const manifest = JSON.parse(read('dist/custom-elements.json'));
const elements = await import(new URL('dist/index.js', root).href);

const parse = (path) =>
  ts.createSourceFile(path, read(path), ts.ScriptTarget.Latest, true);

/** Every node below `node`, depth first. */
function* walk(node) {
  yield node;
  for (const child of node.getChildren()) yield* walk(child);
}

const sorted = (values) => [...new Set(values)].sort();
const names = (entries = []) => sorted(entries.map((entry) => entry.name));

/** The raw text of every `tag`-tagged template literal in `source`. */
function templates(source, tag) {
  return [...walk(source)]
    .filter((node) => ts.isTaggedTemplateExpression(node) && node.tag.getText() === tag)
    .map((node) => node.template.getText());
}

/** The class declaration named `name` in `source`, or undefined. */
const classNamed = (source, name) =>
  [...walk(source)].find((node) => ts.isClassDeclaration(node) && node.name?.text === name);

/**
 * The class `className` of `sourcePath` and its base classes in src/, each
 * with its parsed source, the class itself first.
 */
function classChain(sourcePath, className) {
  const chain = [];
  for (let path = sourcePath, name = className; path && name; ) {
    const source = parse(path);
    const declaration = classNamed(source, name);
    chain.push({ source, declaration });
    const base = declaration.heritageClauses?.[0]?.types[0]?.expression.getText();
    // Follow the base class only into our own modules.
    const from = [...walk(source)].find(
      (node) =>
        ts.isImportDeclaration(node) &&
        node.importClause?.namedBindings?.elements?.some((e) => e.name.text === base),
    );
    const specifier = from?.moduleSpecifier.text;
    path = specifier?.startsWith('./') ? `src/${specifier.slice(2).replace(/\.js$/, '.ts')}` : null;
    name = base;
  }
  return chain;
}

/**
 * The public API of a class and of its base classes in src/: members with
 * no private or protected modifier and no `@internal` tag, leaving out
 * overrides of what Lit or the DOM declare (`render`, `styles`, lifecycle
 * callbacks).
 */
function publicMembers(sourcePath, className) {
  const chain = classChain(sourcePath, className).map(({ declaration }) => declaration);
  const hidden = [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword];
  return chain.flatMap((declaration, depth) =>
    declaration.members
      .filter((member) => member.name && !ts.isPrivateIdentifier(member.name))
      .filter((member) => !member.modifiers?.some((m) => hidden.includes(m.kind)))
      // `@internal` in a member's JSDoc keeps it out of the manifest.
      .filter((member) => !ts.getJSDocTags(member).some((tag) => tag.tagName.text === 'internal'))
      .filter((member) => {
        const overrides = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.OverrideKeyword);
        if (!overrides) return true;
        // An override of a base class of ours is public if the base class
        // introduces the member (it is not an override of Lit's there).
        const name = member.name.getText();
        const introduces = (d) =>
          d.members.some(
            (m) =>
              m.name?.getText() === name &&
              !m.modifiers?.some((mod) => mod.kind === ts.SyntaxKind.OverrideKeyword),
          );
        return chain.slice(depth + 1).some(introduces);
      })
      .map((member) => member.name.getText()),
  );
}

/** The keys of an interface declared in `source`, or null. */
function interfaceKeys(source, name) {
  const declaration = [...walk(source)].find(
    (node) => ts.isInterfaceDeclaration(node) && node.name.text === name,
  );
  return declaration?.members.map((member) => member.name.getText().replace(/'/g, ''));
}

/** What the JSDoc block of the class declares under `@tag name - text`. */
function jsDocNames(declaration, tag) {
  return ts
    .getJSDocTags(declaration)
    .filter((entry) => entry.tagName.text === tag)
    .map((entry) => {
      const text = ts.getTextOfJSDocComment(entry.comment) ?? '';
      // An unnamed (default) slot is written `@slot - text`.
      return /^-(\s|$)/.test(text.trim()) ? '' : text.trim().split(/\s/)[0];
    });
}

const events = parse('src/events.ts');
const sources = manifest.modules
  .filter((module) => module.declarations?.some((d) => d.tagName))
  .map((module) => module.path.replace(/^dist\/(.*)\.js$/, 'src/$1.ts'));

describe('custom-elements.json', () => {
  it('should describe both elements', () => {
    const tags = manifest.modules.flatMap((module) =>
      module.declarations.filter((d) => d.customElement).map((d) => d.tagName),
    );
    assert.deepEqual(sorted(tags), ['twitter-complete-signup', 'twitter-connect']);
  });

  for (const sourcePath of sources) {
    const source = parse(sourcePath);
    const modulePath = sourcePath.replace(/^src\/(.*)\.ts$/, 'dist/$1.js');
    const module = manifest.modules.find((m) => m.path === modulePath);
    const doc = module.declarations.find((d) => d.tagName);
    const declaration = classNamed(source, doc.name);
    const elementClass = elements[doc.name];
    const html = templates(source, 'html').join('\n');
    // The base class's styles are part of each element's (`styles` lists both).
    const styles = classChain(sourcePath, doc.name)
      .flatMap((entry) => templates(entry.source, 'css'))
      .join('\n');

    describe(`<${doc.tagName}>`, () => {
      it('should point at a shipped module that exports the class', () => {
        assert.ok(existsSync(new URL(modulePath, root)), modulePath);
        assert.equal(typeof elementClass, 'function');
        assert.ok(module.exports.some((e) => e.kind === 'js' && e.name === doc.name));
      });

      it('should use the tag the class registers by default', () => {
        const registered = [];
        elementClass.define(undefined, {
          get: () => undefined,
          define: (tag) => registered.push(tag),
        });
        assert.deepEqual(registered, [doc.tagName]);
        const definition = module.exports.find((e) => e.kind === 'custom-element-definition');
        assert.equal(definition?.name, doc.tagName);
      });

      it('should list every attribute Lit observes or the JSDoc names', () => {
        // `@attr` covers attributes the element only writes, such as `state`.
        const documented = ['attr', 'attribute'].flatMap((tag) => jsDocNames(declaration, tag));
        assert.deepEqual(
          names(doc.attributes),
          sorted([...elementClass.observedAttributes, ...documented]),
        );
        for (const attribute of doc.attributes) {
          if (documented.includes(attribute.name)) continue;
          const options = elementClass.elementProperties.get(attribute.fieldName);
          assert.ok(options, `${attribute.name} has no property ${attribute.fieldName}`);
          const expected =
            typeof options.attribute === 'string'
              ? options.attribute
              : attribute.fieldName.toLowerCase();
          assert.equal(attribute.name, expected);
        }
      });

      it('should list every public property and method', () => {
        assert.deepEqual(names(doc.members), sorted(publicMembers(sourcePath, doc.name)));
        for (const [name, options] of elementClass.elementProperties) {
          if (options.state) continue;
          const member = doc.members.find((m) => m.name === name);
          assert.equal(member?.kind, 'field', `${name} is missing`);
        }
      });

      it('should list every event of the element and its JSDoc', () => {
        const eventMap = interfaceKeys(events, `${doc.name}EventMap`);
        assert.ok(eventMap, `events.ts has no ${doc.name}EventMap`);
        assert.deepEqual(names(doc.events), sorted(eventMap));
        assert.deepEqual(names(doc.events), sorted(jsDocNames(declaration, 'fires')));
      });

      it('should list every slot the template renders', () => {
        const rendered = [...html.matchAll(/<slot(?:\s+name="([^"]+)")?/g)].map(
          (match) => match[1] ?? '',
        );
        assert.deepEqual(names(doc.slots), sorted(rendered));
        assert.deepEqual(names(doc.slots), sorted(jsDocNames(declaration, 'slot')));
      });

      it('should list every part the template renders', () => {
        // Static part names only: `input-${field}` is documented with `input`.
        const rendered = [...html.matchAll(/\bpart="([^"]+)"/g)]
          .flatMap((match) => match[1].split(/\s+/))
          .filter((part) => !part.includes('${'));
        assert.deepEqual(names(doc.cssParts), sorted(rendered));
        assert.deepEqual(names(doc.cssParts), sorted(jsDocNames(declaration, 'csspart')));
      });

      it('should list every CSS custom property the styles read', () => {
        const used = [...styles.matchAll(/var\(\s*(--[\w-]+)/g)].map((match) => match[1]);
        assert.deepEqual(names(doc.cssProperties), sorted(used));
        assert.deepEqual(
          names(doc.cssProperties),
          sorted(jsDocNames(declaration, 'cssproperty')),
        );
      });
    });
  }
});
