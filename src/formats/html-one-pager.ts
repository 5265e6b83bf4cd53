import type { Format } from './format.js';

/** The self-contained HTML one-pager: no browser needed, just the template. */
export const htmlOnePager: Format = {
  id: 'html',
  fileName: 'one-pager.html',
  needsBrowser: false,
  async render({ render, context }) {
    return new TextEncoder().encode(render('one-pager', context));
  },
  reads: 'html',
};
