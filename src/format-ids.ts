/** The outputs a brief can have; the command line and the config name them so. */
export const formatIds = ['pdf', 'html', 'slides', 'epub'] as const;
export type FormatId = (typeof formatIds)[number];
