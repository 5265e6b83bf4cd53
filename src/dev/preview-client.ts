import type { WireState } from './preview-state.js';

/**
 * The preview pages' script, served as `/__dev/preview.js` from this function's source text: it
 * refers to nothing outside itself and names no inner function (see `PageScript`). It listens on the
 * server's WebSocket for the build's state, reloads the output on show when a new build of it is
 * made (keeping the reader's scroll position or slide), and shows the build's errors over the page.
 * `window.briefpackPreview` says what is shown, for tests and the benchmark.
 */
export function previewClient(): void {
  const start = JSON.parse(document.querySelector('script[data-start]')?.getAttribute('data-start') ?? '{}') as { page: 'index' } | { page: 'brief'; slug: string };
  const shown = { file: '', revision: 0, page: '', loadedAt: 0, state: null as WireState | null };
  (window as unknown as { briefpackPreview: typeof shown }).briefpackPreview = shown;
  const status = document.querySelector<HTMLElement>('.bp-status')!;
  const overlay = document.querySelector<HTMLElement>('.bp-overlay')!;
  const frame = document.querySelector<HTMLIFrameElement>('.bp-frame');
  const pages = document.querySelector<HTMLSelectElement>('.bp-pages');
  const warnings = document.querySelector<HTMLDetailsElement>('.bp-warnings');
  let briefsSeen = '';

  const showProblems = (state: WireState) => {
    // The list of briefs shows each brief's problems itself: over it, only what stops them all.
    const brief = start.page === 'brief' ? state.briefs.find((b) => b.slug === start.slug) : undefined;
    const all = [...state.projectProblems, ...(brief?.problems ?? [])];
    const errors = all.filter((p) => p.severity === 'error');
    const list = overlay.querySelector('ul')!;
    list.replaceChildren(...errors.map((p) => Object.assign(document.createElement('li'), { textContent: p.text })));
    overlay.hidden = errors.length === 0;
    overlay.querySelector<HTMLElement>('.bp-overlay-last-good')!.hidden = !brief || Object.keys(brief.files).length === 0;
    if (warnings) {
      const found = all.filter((p) => p.severity === 'warning');
      warnings.hidden = found.length === 0;
      warnings.querySelector('summary')!.textContent = `${found.length} warning${found.length === 1 ? '' : 's'}`;
      warnings.querySelector('ul')!.replaceChildren(...found.map((p) => Object.assign(document.createElement('li'), { textContent: p.text })));
    }
  };

  // The output on show: the tab in the address's #, else the first made; reloaded when its revision rises.
  const show = (state: WireState) => {
    const brief = start.page === 'brief' ? state.briefs.find((b) => b.slug === start.slug) : undefined;
    if (!brief || !frame) return;
    const made = state.tabs.filter((t) => brief.files[t.fileName] !== undefined);
    let wanted = '';
    try {
      wanted = decodeURIComponent(location.hash.slice(1));
    } catch {
      // A mangled address: the first output.
    }
    const file = made.find((t) => t.fileName === wanted)?.fileName ?? made[0]?.fileName;
    for (const tab of document.querySelectorAll<HTMLAnchorElement>('.bp-tab')) {
      const here = tab.dataset.file === file;
      tab.hidden = brief.files[tab.dataset.file ?? ''] === undefined;
      if (here) tab.setAttribute('aria-current', 'page');
      else tab.removeAttribute('aria-current');
    }
    if (!file) return;
    const isEpub = file.endsWith('.epub');
    if (pages) {
      pages.hidden = !isEpub;
      const options = brief.epubPages.map((p) => `${p.path}\n${p.title}`).join('\n');
      if (isEpub && pages.dataset.options !== options) {
        const keep = pages.value;
        pages.replaceChildren(...brief.epubPages.map((p) => Object.assign(document.createElement('option'), { value: p.path, textContent: p.title || p.path })));
        pages.dataset.options = options;
        if (brief.epubPages.some((p) => p.path === keep)) pages.value = keep;
      }
    }
    const page = isEpub ? (pages?.value ?? '') : '';
    const revision = brief.files[file]!;
    if (shown.file === file && shown.revision === revision && shown.page === page) return;
    // What the reader was looking at: the scroll position, and the deck's slide (its #/3).
    let scroll = 0;
    let fragment = '';
    try {
      if (shown.file === file && frame.contentWindow) {
        scroll = frame.contentWindow.scrollY;
        fragment = frame.contentWindow.location.hash;
      }
    } catch {
      // A PDF viewer's frame is not the page's to read.
    }
    Object.assign(shown, { file, revision, page });
    const base = isEpub ? `/epub/${encodeURIComponent(brief.slug)}/${page.split('/').map(encodeURIComponent).join('/')}` : `/out/${encodeURIComponent(brief.slug)}/${encodeURIComponent(file)}`;
    frame.onload = () => {
      try {
        if (scroll) frame.contentWindow?.scrollTo(0, scroll);
      } catch {
        // As above.
      }
      shown.loadedAt = Date.now();
    };
    frame.src = `${base}?r=${revision}${fragment}`;
  };

  const render = (state: WireState) => {
    shown.state = state;
    const building = state.briefs.some((b) => b.building);
    status.textContent = building ? 'Building…' : `Built ${new Date().toLocaleTimeString()}`;
    showProblems(state);
    if (start.page === 'index') {
      // The list is the server's to draw: a brief added, removed, retitled or newly failing redraws it.
      const seen = JSON.stringify(state.briefs.map((b) => [b.slug, b.title, Object.keys(b.files), b.problems.map((p) => p.text)]));
      // Compared once builds end: a brief added shows first as building, then done.
      if (building) return;
      if (briefsSeen && seen !== briefsSeen) location.reload();
      briefsSeen = seen;
    } else show(state);
  };

  let last: WireState | null = null;
  addEventListener('hashchange', () => last && show(last));
  pages?.addEventListener('change', () => last && show(last));
  const connect = () => {
    const socket = new WebSocket(`ws://${location.host}/__dev/live`);
    socket.onmessage = (event) => {
      last = JSON.parse(String(event.data)) as WireState;
      render(last);
    };
    socket.onclose = () => {
      status.textContent = 'Disconnected: is `briefpack dev` running? Retrying…';
      setTimeout(connect, 1000);
    };
  };
  connect();
}
