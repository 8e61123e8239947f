import type { OpenDialogOptions } from 'electron';

/** The native dialog for a run's working folder: one existing folder, starting where the field points. */
export function folderPickerOptions(current: string | null): OpenDialogOptions {
  return {
    title: 'Choose the working folder',
    buttonLabel: 'Use this folder',
    properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
    ...(current && current.startsWith('/') ? { defaultPath: current } : {}),
  };
}
