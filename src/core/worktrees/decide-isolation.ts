import type { Isolation } from '../../shared/worktree';
import { ApiFailure } from '../api-failure';
import { findRepo, looksLikeRepo } from './repo-info';

export type IsolationInput = Readonly<{
  /** What `runs.start` (the form, `--isolation`) asked for. */
  requested: Isolation | undefined;
  /** The template's front-matter `isolation:`. */
  templateDefault: Isolation | undefined;
  /** The run's working folder. */
  folder: string;
  /** The person chose the folder (false: a fresh folder under workspaces/, never a repository). */
  chosen: boolean;
}>;

/**
 * Where a run works: what was asked, else the template's default, else `worktree` when the folder is in a
 * git repository and `none` when it is not. Asking for `worktree` outside a repository is refused before anything starts.
 */
export async function decideIsolation(input: IsolationInput): Promise<Isolation> {
  const asked = input.requested ?? input.templateDefault;
  if (asked === 'none') return 'none';
  if (!input.chosen) {
    if (asked === 'worktree') {
      throw new ApiFailure('invalid_input', 'A worktree needs a working folder inside a git repository: choose one, or start the run with isolation none', {
        field: 'isolation',
      });
    }
    return 'none';
  }
  let inRepo: boolean;
  try {
    inRepo = (await findRepo(input.folder)) !== null;
  } catch (error) {
    // git is missing: a folder that is plainly no repository just works in place; a repository needs git.
    if (asked !== 'worktree' && !looksLikeRepo(input.folder)) return 'none';
    throw error;
  }
  if (inRepo) return 'worktree';
  if (asked === 'worktree') {
    throw new ApiFailure('invalid_input', `${input.folder} is not in a git repository: choose a folder inside one, or start the run with isolation none`, {
      field: 'isolation',
    });
  }
  return 'none';
}
