import { describe, expect, it } from 'vitest';
import { folderPickerOptions } from './folder-picker-options';

describe('folderPickerOptions', () => {
  it('asks for one folder, starting at the folder already typed when it is absolute', () => {
    expect(folderPickerOptions('/home/me/project')).toMatchObject({
      properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'],
      defaultPath: '/home/me/project',
    });
    expect(folderPickerOptions('relative/dir')).not.toHaveProperty('defaultPath');
    expect(folderPickerOptions(null)).not.toHaveProperty('defaultPath');
  });
});
