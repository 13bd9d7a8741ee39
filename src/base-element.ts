import { css, LitElement, type CSSResultGroup } from 'lit';

/** The package version, compared when a tag is already defined. */
export const VERSION = '0.1.0';

/** The `content` of `<meta name=...>` (Rails' `csrf_meta_tags`), if any. */
export const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;

/**
 * What both elements share: the button's look, texts that an attribute
 * (`text-*`, `label-*`) replaces for translation, and registration that
 * tolerates a second copy of the package on the page.
 */
export abstract class BaseElement extends LitElement {
  /** The tag `define()` uses by default. */
  static tagName: string;
  /** Each replaceable text: its attribute name and its English default. */
  static texts: Record<string, string> = {};
  /**
   * Other host attributes the template reads, such as `aria-label`.
   * @internal
   */
  static hostAttributes: string[] = [];
  /** The package version this class came from. */
  static readonly version: string = VERSION;

  static override styles: CSSResultGroup = css`
    :host {
      font: var(--twitter-connect-font, inherit);
    }
    :host([hidden]),
    [hidden] {
      display: none;
    }
    button {
      padding: 0.6em 1.2em;
      border: none;
      border-radius: var(--twitter-connect-radius, 9999px);
      background: var(--twitter-connect-background, #1565c0);
      color: var(--twitter-connect-color, #ffffff);
      font: inherit;
      font-weight: 600;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid var(--twitter-connect-focus-ring, #0f1419);
      outline-offset: 2px;
    }
  `;

  static override get observedAttributes(): string[] {
    return [
      ...super.observedAttributes,
      ...Object.keys(this.texts),
      ...this.hostAttributes,
    ];
  }

  override attributeChangedCallback(
    name: string,
    old: string | null,
    value: string | null,
  ): void {
    super.attributeChangedCallback(name, old, value);
    // Lit renders again for its properties' attributes, not for the texts
    // and host attributes; one more request while one is pending is free.
    this.requestUpdate();
  }

  /**
   * The text for `attribute`: the author's translation, or the default when
   * the attribute is absent or empty (an empty text is never meant).
   */
  protected text(attribute: string): string {
    const texts = (this.constructor as typeof BaseElement).texts;
    return this.getAttribute(attribute) || texts[attribute] || '';
  }

  /**
   * Registers the element under `tag`, which may be a second tag for the
   * same element. When the tag is taken (two bundles, or Turbo running the
   * script again) the first definition stays; a different version of this
   * package gets one warning.
   */
  static define(tag = this.tagName, registry = customElements): void {
    const existing = registry.get(tag) as { version?: string } | undefined;
    if (!existing) {
      try {
        registry.define(tag, this as unknown as CustomElementConstructor);
      } catch {
        // A class takes one tag per registry: under a second tag (the
        // bundle has already defined the default one) a subclass serves.
        // An invalid tag name throws again here.
        const Tagged = class extends (this as unknown as typeof LitElement) {};
        registry.define(tag, Tagged);
      }
    } else if (existing !== this && existing.version !== this.version) {
      console.warn(
        `<${tag}>: already defined by twitter-connect ` +
          `${existing.version ?? '(unknown version)'}; ` +
          `version ${this.version} is not used.`,
      );
    }
  }
}
