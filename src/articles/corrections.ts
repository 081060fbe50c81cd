import { problems } from '../http/problems.js';
import { newId } from '../shared/ids.js';
import type { ArticlesStore, WriteOptions, Written } from './articles.store.js';
import type { StoredCorrection } from './revisions.js';

/**
 * An engine's one write of an article's correction notices: `edit` makes the new list from the current one (inside
 * the write's transaction, at its clock), which is then written as a revision like any other write.
 */
export type CorrectionsWrite = (
  idOrSlug: string,
  edit: (corrections: StoredCorrection[], now: number) => StoredCorrection[],
  options: WriteOptions,
) => Promise<Written>;

/** The correction with this id among an article's, or a 404 naming it (another article's id is not found). */
function correctionIndex(corrections: readonly StoredCorrection[], correctionId: string): number {
  const index = corrections.findIndex((c) => c.id === correctionId);
  if (index < 0) throw problems.notFound('correction of this article', correctionId);
  return index;
}

/** The three correction operations of ArticlesStore, the same on every engine, over the engine's write. */
export function correctionOperations(
  write: CorrectionsWrite,
): Pick<ArticlesStore, 'addCorrection' | 'updateCorrection' | 'deleteCorrection'> {
  return {
    async addCorrection(idOrSlug, input, options = {}) {
      let correctionId = '';
      const written = await write(
        idOrSlug,
        (corrections, now) => {
          correctionId = newId(now);
          return [
            ...corrections,
            { id: correctionId, type: input.type ?? 'correction', text: input.text, createdAt: now },
          ];
        },
        options,
      );
      return { ...written, correctionId };
    },

    updateCorrection(idOrSlug, correctionId, patch, options = {}) {
      return write(
        idOrSlug,
        (corrections) => {
          const index = correctionIndex(corrections, correctionId);
          const found = corrections[index]!;
          const next = [...corrections];
          next[index] = { ...found, type: patch.type ?? found.type, text: patch.text ?? found.text };
          return next;
        },
        options,
      );
    },

    deleteCorrection(idOrSlug, correctionId, options = {}) {
      return write(
        idOrSlug,
        (corrections) => {
          const index = correctionIndex(corrections, correctionId);
          return corrections.filter((_c, i) => i !== index);
        },
        options,
      );
    },
  };
}
