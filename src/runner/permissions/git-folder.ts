/** Whether a path subject is inside a `.git` folder: its config and hooks run programs, so writing there always asks. */
export function isInsideGitFolder(subject: string): boolean {
  return subject.split(/[\\/]/).includes('.git');
}
