import type { RenderContext } from '../render/context.js';
import type { FontSet } from '../render/fonts.js';
import { safe, type Renderer } from '../render/templates.js';

/**
 * The PDF brief's page as Chromium prints it. It fetches the few font files it uses from memory
 * instead of parsing every one inlined.
 */
export const briefPrintHtml = (render: Renderer, context: RenderContext, fonts: FontSet): string =>
  render('brief', { ...context, styles: { ...context.styles, fonts: safe(fonts.servedCss) } });
