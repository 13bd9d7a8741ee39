// Options for the custom elements manifest analyzer, run by scripts/build.mjs
// (`cem analyze` reads this file). The manifest comes from the JSDoc on the
// element classes and their `static properties`; the two plugins below fill in what
// the analyzer cannot see in this layout.

/**
 * The tags are registered by `define.ts` through each class's static
 * `define()`, which the analyzer does not follow; the `HTMLElementTagNameMap`
 * entry next to each class names its tag just as reliably.
 */
function tagsFromTagNameMap() {
  return {
    name: 'tags-from-tag-name-map',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!ts.isInterfaceDeclaration(node)) return;
      if (node.name.text !== 'HTMLElementTagNameMap') return;
      for (const member of node.members) {
        if (!ts.isPropertySignature(member) || !member.type) continue;
        if (!ts.isStringLiteral(member.name)) continue;
        if (!ts.isTypeReferenceNode(member.type)) continue;
        moduleDoc.exports ??= [];
        moduleDoc.exports.push({
          kind: 'custom-element-definition',
          name: member.name.text,
          declaration: { name: member.type.typeName.getText(), module: moduleDoc.path },
        });
      }
    },
  };
}

/**
 * Points the manifest at what the package ships (`dist/*.js`), not at the
 * TypeScript sources, and keeps only the public API: the elements' modules
 * and those of their base classes.
 */
function publishedModules() {
  const published = (path) => path.replace(/^(\.?\/)?src\/(.*)\.[jt]s$/, 'dist/$2.js');
  return {
    name: 'published-modules',
    packageLinkPhase({ customElementsManifest }) {
      const declarations = customElementsManifest.modules.flatMap((m) => m.declarations ?? []);
      const elements = declarations.filter((d) => d.customElement && d.tagName);
      const bases = new Set(elements.map((d) => d.superclass?.name));
      // The Lit plugin marks every LitElement subclass; an abstract base
      // with no tag is not an element of its own.
      for (const declaration of declarations) {
        if (declaration.customElement && !declaration.tagName) delete declaration.customElement;
      }
      customElementsManifest.modules = customElementsManifest.modules.filter((module) =>
        module.declarations?.some((d) => d.customElement || bases.has(d.name)),
      );
      for (const module of customElementsManifest.modules) {
        module.path = published(module.path);
        for (const entry of module.exports ?? []) {
          if (entry.declaration?.module) {
            entry.declaration.module = published(entry.declaration.module);
          }
        }
        for (const declaration of module.declarations ?? []) {
          if (declaration.superclass?.module) {
            declaration.superclass.module = published(declaration.superclass.module);
          }
          for (const member of declaration.members ?? []) {
            if (member.inheritedFrom?.module) {
              member.inheritedFrom.module = published(member.inheritedFrom.module);
            }
          }
          const hidden = (member) => member.privacy === 'private' || member.privacy === 'protected';
          // Internal reactive state (`state: true` in `static properties`)
          // is listed as an attribute by the analyzer; it has none.
          const internal = new Set(declaration.members?.filter(hidden).map((m) => m.name));
          declaration.attributes = declaration.attributes?.filter(
            (attribute) => !internal.has(attribute.fieldName),
          );
          declaration.members = declaration.members?.filter((member) => !hidden(member));
        }
      }
    },
  };
}

export default {
  // Every module, so that members inherited from a base class are found;
  // publishedModules() keeps the elements' own.
  globs: ['src/*.ts'],
  exclude: ['src/callback.ts'],
  outdir: 'dist',
  litelement: true,
  // Left to `npm pkg set`: the analyzer would rewrite the whole package.json.
  packagejson: false,
  plugins: [tagsFromTagNameMap(), publishedModules()],
};
