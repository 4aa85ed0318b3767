/** The file name without its extension: the sheet name of a single-sheet extraction, as native CSV extraction names it. */
export const baseName = (fileName: string): string => fileName.replace(/\.[^.]+$/, '') || 'Sheet1';
