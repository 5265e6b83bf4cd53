import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { projectPath, type BriefpackConfig } from '../config.js';
import { slugify } from '../content/slug.js';
import { BriefpackError } from '../errors.js';

/** A YAML scalar: plain where that reads the same, quoted (as JSON, which YAML reads) where not. */
const scalar = (s: string) => (/^[\p{L}\p{N}][\p{L}\p{N} .,()’'/-]*$/u.test(s) && !/^\d+([.-]\d+)*$/.test(s) ? s : JSON.stringify(s));

/** A new brief: every front matter key, each explained, a fact, and sections to write over. Builds without a warning. */
export function newBriefSource(title: string, config: BriefpackConfig, today: string): string {
  return `---
# Every key may be left out; what is left out is left out of the outputs, or comes from the config.
# The title (default: the first # heading, or the file name).
title: ${scalar(title)}
# Shown under the title.
subtitle: Briefing note
# What the brief is about, shown above the title (default: the config's "organisation").
organisation: ${scalar(config.organisation ?? 'The organisation the brief is about')}
# Who issues it: the PDF's Author, the EPUB's creator (default: the config's "author").
author: ${scalar(config.author ?? 'Your name or team')}
# Any BCP 47 tag (tr, ar, zh-Hant): the labels, dates, direction and casing (default: the config's "lang").
lang: ${config.lang}
# The date the content is current as of: the build warns once it is older than maxFactAgeMonths.
asOf: ${today}
# One or two sentences for the cover, the PDF's Subject and the page's description.
summary: One or two sentences that say what the reader needs to know.
# The PDF's Keywords and the page's <meta name="keywords">.
keywords: [example, briefing]
# The fact box, in this order; :fact[key] prints a fact's value in the text, so a number lives in one place.
facts:
    # Lower-case letters, digits and dashes.
  - key: founded
    label: Founded
    value: "1951"
    # Optional: where the value comes from.
    source: Founding charter
    # Optional: when the value was true, if not the brief's asOf; it ages on its own.
    asOf: ${today}
---

## Background

Founded in :fact[founded], the organisation ... Write the brief here: \`##\` headings make its sections,
the table of contents, the PDF bookmarks and the slides.

### A subsection

Lists, tables, footnotes[^1] and images next to the file (\`![Logo](img/logo.png)\`) all work.

- a first point
- a second point

## Outlook

What comes next.

:::notes
Speaker notes for the slide before: said, not shown.
:::

[^1]: A footnote, printed at the end.
`;
}

/** Writes `content/<slug>.md` for `briefpack new <name>`, never over an existing file; returns its path. */
export async function writeNewBrief(name: string, config: BriefpackConfig, today: Date): Promise<string> {
  const title = name.trim().replace(/\.md$/i, '');
  if (!title) throw new BriefpackError('USAGE', 'new takes the name of the brief, like `briefpack new "Migration in 2026"`');
  const dir = projectPath(config.root, config.content, 'content');
  const file = path.join(dir, `${slugify(title)}.md`);
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(file, newBriefSource(title, config, today.toISOString().slice(0, 10)), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BriefpackError('USAGE', `${path.relative(config.root, file)} exists already: edit it, or give another name`);
    throw error;
  }
  return file;
}
