import { BriefpackError } from '../../errors.js';
import { langMatches } from '../../render/font-choice.js';

/**
 * The theme's custom properties (`--bp-accent: #0a4f9c`) for a book in a language, each resolved (a
 * font stack names others): the last declaration of each winning, but for those of rules for other
 * languages (`:lang(ja) { --bp-font-cjk: ... }`), which a book in one language never shows.
 */
export function themeTokens(themeCss: string, lang: string): Map<string, string> {
  const css = themeCss.replace(/\/\*[\s\S]*?\*\//g, '');
  const tokens = new Map<string, string>();
  for (const [, selectors, body] of css.matchAll(/([^{}]*)\{([^{}]*)\}/g)) {
    const forLangs = selectors!.split(',').map((selector) => [...selector.matchAll(/:lang\(\s*([^)]*?)\s*\)/g)].map((m) => m[1]!));
    if (forLangs.every((tags) => tags.length > 0) && !forLangs.some((tags) => tags.some((tag) => langMatches(tag, lang)))) continue;
    for (const m of body!.matchAll(/(--[\w-]+)\s*:\s*([^;{}]+)/g)) tokens.set(m[1]!, m[2]!.trim());
  }
  for (const [name, value] of tokens) tokens.set(name, resolveVars(value, tokens));
  return tokens;
}

/**
 * Replaces every `var(--name)` or `var(--name, fallback)` with the theme's value: many reading systems
 * ignore custom properties, and the book must still wear the theme's colours and fonts.
 */
export function resolveVars(css: string, tokens: ReadonlyMap<string, string>): string {
  const pattern = /var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)/g;
  const hasVar = () => /var\(\s*--/.test(out);
  let out = css;
  // Values may use other tokens; a few rounds resolve any sane theme and stop a cycle.
  for (let round = 0; round < 8 && hasVar(); round++) {
    out = out.replace(pattern, (_, name: string, fallback: string | undefined) => {
      const value = tokens.get(name) ?? fallback?.trim();
      if (value === undefined) throw new BriefpackError('RENDER', `the EPUB stylesheet uses ${name}, which the theme does not define`);
      return value;
    });
  }
  if (hasVar()) throw new BriefpackError('RENDER', 'the theme\'s custom properties refer to each other in a cycle');
  return out;
}
