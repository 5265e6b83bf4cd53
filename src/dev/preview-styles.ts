/** The preview pages' style sheet, served as `/__dev/preview.css`. */
export const previewStyles = `
:root { color-scheme: light; font: 15px/1.4 system-ui, sans-serif; color: #1a1a1a; background: #f4f4f2; }
body { margin: 0; }
.bp-page-brief { display: flex; flex-direction: column; height: 100vh; }
.bp-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; padding: 0.5rem 1rem; background: #fff; border-block-end: 1px solid #ccc; }
.bp-bar h1 { font-size: 1.05rem; margin: 0; }
.bp-tabs { display: flex; gap: 0.25rem; }
.bp-tab { padding: 0.3rem 0.7rem; border-radius: 4px; color: #0b4f8a; text-decoration: none; }
.bp-tab[aria-current="page"] { background: #0b4f8a; color: #fff; }
.bp-download { padding: 0.3rem 0.5rem; color: #0b4f8a; }
.bp-tab:focus-visible, a:focus-visible, select:focus-visible { outline: 3px solid #e39b00; outline-offset: 2px; }
.bp-status { margin-inline-start: auto; color: #555; font-size: 0.9rem; }
.bp-warnings { font-size: 0.9rem; }
.bp-warnings ul { position: absolute; z-index: 2; max-width: 60rem; max-height: 50vh; overflow: auto; margin: 0.3rem 0 0; padding: 0.5rem 0.5rem 0.5rem 1.5rem; background: #fffbea; border: 1px solid #d9c16a; }
.bp-frame { flex: 1; width: 100%; border: 0; background: #fff; }
.bp-overlay { position: fixed; inset: 4rem 1rem auto; z-index: 3; max-height: calc(100vh - 6rem); overflow: auto; padding: 1rem 1.5rem; background: #fff; border: 3px solid #b3261e; border-radius: 6px; box-shadow: 0 6px 24px rgb(0 0 0 / 0.25); }
.bp-overlay h2 { margin: 0 0 0.5rem; color: #b3261e; font-size: 1.1rem; }
.bp-overlay li, .bp-problems li { font-family: ui-monospace, monospace; font-size: 0.85rem; white-space: pre-wrap; }
.bp-page-index main { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; }
.bp-briefs { list-style: none; padding: 0; }
.bp-briefs > li { padding: 0.75rem 1rem; margin-block-end: 0.5rem; background: #fff; border-radius: 6px; }
.bp-brief-title { font-weight: 600; font-size: 1.1rem; }
.bp-brief-links a { margin-inline-end: 0.5rem; }
.bp-error { color: #b3261e; }
.bp-warning { color: #7a5a00; }
`;
