import { BriefpackError } from '../../errors.js';
import { themeTokens } from '../epub/theme-tokens.js';

/** The theme's tokens as PowerPoint takes them: colours as RRGGBB, font families by name, sizes in slide pixels. */
export interface PptxTheme {
  color: Record<'ink' | 'muted' | 'accent' | 'accentInk' | 'accentSoft' | 'rule' | 'paper' | 'link', string>;
  /** One family each: a run names one font per script class, not a stack. */
  font: { body: string; heading: string; mono: string };
  /** Type sizes, in px of the 1280 x 720 slide (the deck's root size is 24px, as in slides.css). */
  size: Record<'xs' | 'sm' | 'md' | 'lg' | 'xl' | '2xl', number>;
  /** Spacing steps 1 to 6, in px of the slide. */
  space: readonly number[];
}

const deckRootPx = 24;

function hexColour(name: string, value: string | undefined): string {
  const v = value?.trim().toLowerCase() ?? '';
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(v);
  if (short) return short.slice(1).map((d) => d + d).join('').toUpperCase();
  const long = /^#([0-9a-f]{6})$/.exec(v);
  if (long) return long[1]!.toUpperCase();
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(v);
  if (rgb) return rgb.slice(1, 4).map((n) => Math.min(255, Number(n)).toString(16).padStart(2, '0')).join('').toUpperCase();
  throw new BriefpackError('RENDER', `the theme's ${name} is "${value ?? ''}": slides.pptx needs a colour as #rgb, #rrggbb or rgb()`);
}

function px(name: string, value: string | undefined): number {
  const m = /^([\d.]+)(rem|px|pt)$/.exec(value?.trim() ?? '');
  if (!m) throw new BriefpackError('RENDER', `the theme's ${name} is "${value ?? ''}": slides.pptx needs a length in rem, px or pt`);
  const n = Number(m[1]);
  return m[2] === 'rem' ? n * deckRootPx : m[2] === 'pt' ? n / 0.75 : n;
}

const families = (stack: string | undefined) => (stack ?? '').split(',').map((f) => f.trim().replace(/^['"]|['"]$/g, '')).filter(Boolean);

/**
 * The family a language's text is set in: the stack's first, but for a script the text fonts lack,
 * the fallback the stack names for it (Arabic, Hebrew, Han...): PowerPoint takes one font per run,
 * and its own substitute for a script would not be the theme's.
 */
function familyFor(stack: string | undefined, lang: string): string {
  const all = families(stack);
  let script = '';
  try {
    script = new Intl.Locale(lang).maximize().script ?? '';
  } catch {
    // An odd tag: the stack's first family.
  }
  const wanted = { Arab: /arabic/i, Hebr: /hebrew/i, Hans: /\b(sc|cjk)\b/i, Hant: /\b(tc|cjk)\b/i, Jpan: /\b(jp|cjk)\b/i, Kore: /\b(kr|cjk)\b/i }[script];
  return (wanted && all.find((f) => wanted.test(f))) ?? all[0] ?? 'Noto Sans';
}

/** The theme (`templates/theme/theme.css`, or the config's) read for a deck in `lang`. */
export function pptxTheme(themeCss: string, lang: string): PptxTheme {
  const t = themeTokens(themeCss, lang);
  const colour = (name: string) => hexColour(`--bp-${name}`, t.get(`--bp-${name}`));
  const size = (name: string) => px(`--bp-size-${name}`, t.get(`--bp-size-${name}`));
  return {
    color: {
      ink: colour('ink'),
      muted: colour('muted'),
      accent: colour('accent'),
      accentInk: colour('accent-ink'),
      accentSoft: colour('accent-soft'),
      rule: colour('rule'),
      paper: colour('paper'),
      link: colour('link'),
    },
    font: { body: familyFor(t.get('--bp-font-body'), lang), heading: familyFor(t.get('--bp-font-heading'), lang), mono: familyFor(t.get('--bp-font-mono'), lang) },
    size: { xs: size('xs'), sm: size('sm'), md: size('md'), lg: size('lg'), xl: size('xl'), '2xl': size('2xl') },
    space: [0, 1, 2, 3, 4, 5, 6].map((n) => (n === 0 ? 0 : px(`--bp-space-${n}`, t.get(`--bp-space-${n}`)))),
  };
}
