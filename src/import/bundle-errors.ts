import { issuesToFieldErrors } from '../http/errors.js';
import type { FieldError } from '../http/problems.js';

export type Section = 'images' | 'quotes' | 'articles';

const SECTION_ORDER: Record<Section | 'bundle', number> = { bundle: 0, images: 1, quotes: 2, articles: 3 };

/** body[2] before body[10]. */
const NATURAL = new Intl.Collator('en', { numeric: true });

type Ranked = FieldError & { rank: number; index: number; seq: number };

/**
 * Every problem found in a bundle, each with its place in the file (`articles[3].body[2].quote`). Checks run in
 * several passes (shape, pictures, references), so errors are kept with their item's position and given back in
 * the order of the file (within an item, by path): an editor reads them top to bottom, beside the bundle.
 */
export class BundleErrors {
  private readonly list: Ranked[] = [];
  private readonly items = new Set<string>();
  private readonly paths = new Set<string>();

  get size(): number {
    return this.list.length;
  }

  /** How many distinct items (or top-level fields) have at least one error. */
  get itemCount(): number {
    return this.items.size;
  }

  /** An error on the bundle itself (a top-level field). */
  top(path: string, message: string): void {
    this.push('bundle', -1, path, message);
  }

  /** An error at `section[index]` + `suffix` (e.g. `.body[2].quote`). */
  at(section: Section, index: number, suffix: string, message: string): void {
    this.push(section, index, `${section}[${index}]${suffix}`, message);
  }

  /** zod issues of one item, with their paths under the item. */
  issues(section: Section, index: number, issues: Parameters<typeof issuesToFieldErrors>[0]): void {
    for (const error of issuesToFieldErrors(issues, [section, index])) {
      this.push(section, index, error.path, error.message);
    }
  }

  /** Whether an error was already reported at this exact path. */
  has(path: string): boolean {
    return this.paths.has(path);
  }

  sorted(): FieldError[] {
    return [...this.list]
      .sort((a, b) => a.rank - b.rank || a.index - b.index || NATURAL.compare(a.path, b.path) || a.seq - b.seq)
      .map(({ path, message }) => ({ path, message }));
  }

  private push(section: Section | 'bundle', index: number, path: string, message: string): void {
    this.items.add(index < 0 ? path : `${section}[${index}]`);
    this.paths.add(path);
    this.list.push({ path, message, rank: SECTION_ORDER[section], index, seq: this.list.length });
  }
}
