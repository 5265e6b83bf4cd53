// pdf.js ships its worker without types; the build only hands the module to pdf.js.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
