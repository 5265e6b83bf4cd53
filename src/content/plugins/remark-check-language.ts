import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import { hasLabels, isKnownLang, canonicalLang, languageName } from '../../locale.js';
import '../data.js';

/**
 * The brief's `lang` against what briefpack knows of it and the file's name. A language without
 * labels builds with English ones, and says so; an edition's file name (`iom.ar.md`) and its `lang`
 * must agree (`zh-Hant` in `iom.zh.md` does; `fr` in `iom.ar.md` does not), or the pack would list an
 * edition under a language it is not in.
 */
export default function remarkCheckLanguage() {
  return (_tree: Root, file: VFile) => {
    const lang = file.data.frontMatter?.lang;
    const place = file.data.frontMatterPlace;
    if (!lang || !place) return;
    const suffix = /\.([^./\\]+)\.md$/i.exec(file.path ?? '')?.[1];
    const edition = suffix !== undefined && isKnownLang(suffix) ? canonicalLang(suffix)! : null;
    if (edition && lang !== edition && !lang.startsWith(`${edition}-`)) {
      file.fail(`the file name makes this the ${languageName(edition, 'en')} (${edition}) edition, but its lang is "${lang}": rename the file or correct lang`, place(['lang']), 'briefpack:edition-lang');
    }
    if (!hasLabels(lang)) {
      file.message(`briefpack has no labels in ${languageName(lang, 'en')} ("${lang}"): the outputs' own words (contents, key facts, page numbers) are in English`, place(['lang']), 'briefpack:lang-labels');
    }
  };
}
