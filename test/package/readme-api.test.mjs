/**
 * Fails when the README's API tables and dist/custom-elements.json
 * disagree: for each element, its attributes and properties, methods,
 * static properties, events (with the bubbles/composed/cancelable the
 * source really dispatches with), slots, parts and CSS custom properties,
 * and the Translation table's texts and defaults. The manifest is read,
 * never a fixed list, so a new `@attr` on a class fails here until the
 * README lists it. Run after `npm run build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');
const manifest = JSON.parse(read('dist/custom-elements.json'));
const readme = read('README.md');

const sorted = (values) => [...values].sort();
const DASH = /^(—|-|)$/;

/** The text of the `## heading` section, up to the next `## `. */
function section(heading) {
  const lines = readme.split('\n');
  const start = lines.indexOf(`## ${heading}`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** A table row's cells; a `|` inside backticks is no separator. */
function cells(line) {
  const out = [''];
  let inCode = false;
  for (const char of line.trim().replace(/^\||\|$/g, '')) {
    if (char === '`') inCode = !inCode;
    if (char === '|' && !inCode) out.push('');
    else out[out.length - 1] += char;
  }
  return out.map((cell) => cell.trim());
}

/** Every Markdown table in `text`, as its header and its rows of cells. */
function tables(text) {
  const found = [];
  let block = [];
  for (const line of [...text.split('\n'), '']) {
    if (line.trim().startsWith('|')) {
      block.push(line);
      continue;
    }
    if (block.length >= 2 && /^\|[\s:|-]+\|$/.test(block[1].trim())) {
      found.push({ header: cells(block[0]), rows: block.slice(2).map(cells) });
    }
    block = [];
  }
  return found;
}

/** The rows of the one table in `text` whose first column is `first`. */
function rowsOf(text, first, { optional = false } = {}) {
  const matches = tables(text).filter((t) => t.header[0] === first);
  if (optional && matches.length === 0) return [];
  assert.equal(matches.length, 1, `expected one "${first}" table`);
  return matches[0].rows;
}

/** The first `code span` of a cell, or null. */
const code = (cell) => cell.match(/`([^`]+)`/)?.[1] ?? null;

/** `Default: "text"` or ``Default: `value` `` in a manifest description. */
function manifestDefault(description = '') {
  const match = description.match(/Default: (?:"(.*?)"|`(.*?)`|(\w+))\.?$/s);
  return match ? (match[1] ?? match[2] ?? match[3]) : null;
}

/**
 * The flags each event is dispatched with: every event name of the
 * manifest fired through the package's own `emit()` (dist/events.js) at a
 * Node EventTarget, and read back from the event a listener receives.
 */
async function dispatchFlags() {
  const { emit } = await import(new URL('dist/events.js', root).href);
  const flags = {};
  const target = new EventTarget();
  for (const { name } of manifest.modules.flatMap((m) =>
    (m.declarations ?? []).flatMap((d) => d.events ?? []),
  )) {
    target.addEventListener(name, ({ bubbles, composed, cancelable }) => {
      flags[name] = { bubbles, composed, cancelable };
    });
    emit(target, { type: name, detail: null });
  }
  return flags;
}

const declarations = manifest.modules.flatMap((module) =>
  (module.declarations ?? []).filter((d) => d.customElement),
);
const translation = rowsOf(section('Translation'), 'element').map(
  ([element, where, text]) => ({
    tag: code(element),
    slot: where.startsWith('slot') ? (code(where) ?? '') : null,
    attribute: where.startsWith('slot') ? null : code(where),
    text,
  }),
);
const flags = await dispatchFlags();
const eventsSection = rowsOf(section('Events'), 'event');

describe('README API tables', () => {
  it('should have a section for each element of the manifest', () => {
    assert.deepEqual(
      sorted(declarations.map((d) => d.tagName)),
      ['twitter-complete-signup', 'twitter-connect'],
    );
  });

  for (const doc of declarations) {
    const tag = doc.tagName;
    const text = section(`\`<${tag}>\``);
    const translated = translation.filter((row) => row.tag === tag);

    describe(`<${tag}>`, () => {
      it('should list every attribute, here or under Translation', () => {
        const rows = rowsOf(text, 'attribute');
        const listed = rows.map(([a]) => code(a)).filter(Boolean);
        const texts = translated.map((r) => r.attribute).filter(Boolean);
        assert.deepEqual(
          sorted([...listed, ...texts]),
          sorted(doc.attributes.map((a) => a.name)),
        );
        // Each property is on its attribute's row.
        for (const attribute of doc.attributes) {
          if (!attribute.fieldName) continue;
          const row = rows.find(([a]) => code(a) === attribute.name);
          const property = code(row?.[1] ?? '');
          assert.equal(property, attribute.fieldName, attribute.name);
        }
      });

      const fields = (doc.members ?? []).filter((m) => m.kind === 'field');
      const methods = (doc.members ?? []).filter((m) => m.kind === 'method');

      it('should list every property, and which are read-only', () => {
        const rows = rowsOf(text, 'attribute').filter(
          ([, property]) => !DASH.test(property),
        );
        const instance = fields.filter((m) => !m.static);
        assert.deepEqual(
          sorted(rows.map(([, property]) => code(property))),
          sorted(instance.map((m) => m.name)),
        );
        for (const member of instance) {
          const [, property] = rows.find(([, p]) => code(p) === member.name);
          assert.equal(
            property.includes('read-only'),
            member.readonly === true,
            `${member.name}: "read-only" in the README vs the manifest`,
          );
        }
      });

      it('should list every method, static ones marked so', () => {
        const listed = rowsOf(text, 'method').map(([cell]) => {
          const [, isStatic, name] = code(cell).match(/^(static )?(\w+)/);
          return `${isStatic ? 'static ' : ''}${name}`;
        });
        assert.deepEqual(
          sorted(listed),
          sorted(methods.map((m) => `${m.static ? 'static ' : ''}${m.name}`)),
        );
      });

      it('should list every static property', () => {
        const listed = rowsOf(text, 'static property', { optional: true });
        assert.deepEqual(
          sorted(listed.map(([cell]) => code(cell))),
          sorted(fields.filter((m) => m.static).map((m) => m.name)),
        );
      });

      it('should list every event, with the flags it is fired with', () => {
        const rows = rowsOf(text, 'event');
        const names = sorted((doc.events ?? []).map((e) => e.name));
        assert.deepEqual(sorted(rows.map(([e]) => code(e))), names);
        const firedBy = eventsSection
          .filter(([, element]) => code(element) === tag)
          .map(([event]) => code(event));
        assert.deepEqual(sorted(firedBy), names, 'the Events section');
        const yes = (cell) => /^yes\b/i.test(cell);
        for (const [event, , bubbles, composed, cancelable] of rows) {
          const name = code(event);
          assert.ok(flags[name], `the source never fires ${name}`);
          assert.deepEqual(
            {
              bubbles: yes(bubbles),
              composed: yes(composed),
              cancelable: yes(cancelable),
            },
            flags[name],
            name,
          );
        }
      });

      it('should list every slot', () => {
        const rows = rowsOf(text, 'slot', { optional: true });
        assert.deepEqual(
          sorted(rows.map(([slot]) => code(slot) ?? '')),
          sorted((doc.slots ?? []).map((s) => s.name)),
        );
      });

      it('should list every part', () => {
        assert.deepEqual(
          sorted(rowsOf(text, 'part').map(([part]) => code(part))),
          sorted((doc.cssParts ?? []).map((p) => p.name)),
        );
      });

      it('should list every CSS custom property with its default', () => {
        const rows = rowsOf(text, 'custom property');
        assert.deepEqual(
          sorted(rows.map(([name]) => code(name))),
          sorted((doc.cssProperties ?? []).map((p) => p.name)),
        );
        for (const property of doc.cssProperties ?? []) {
          const [, value] = rows.find(([name]) => code(name) === property.name);
          assert.equal(
            code(value) ?? value,
            manifestDefault(property.description),
            property.name,
          );
        }
      });

      it('should give each replaceable text its default in Translation', () => {
        for (const row of translated) {
          const entry =
            row.slot === null
              ? doc.attributes.find((a) => a.name === row.attribute)
              : (doc.slots ?? []).find((s) => s.name === row.slot);
          const what = row.slot === null ? row.attribute : `slot "${row.slot}"`;
          assert.ok(entry, `${what} is not in the manifest`);
          assert.equal(row.text, manifestDefault(entry.description), what);
        }
        // Every text attribute and every slot with a default text is there.
        const texts = [
          ...doc.attributes.filter((a) => /^(text|label)-/.test(a.name)),
          ...(doc.slots ?? []).filter((s) => /Default: "/.test(s.description)),
        ];
        assert.equal(translated.length, texts.length);
      });
    });
  }
});
