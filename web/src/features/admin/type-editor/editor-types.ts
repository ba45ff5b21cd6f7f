import type { Locale } from '@vigil/shared';
import type { IssueText } from '../server-errors';
import type { Draft } from './draft';
import type { Issues } from './validate';

/** What every tab of the type editor gets: the draft, the version it started from, and the issues to show. */
export type TabProps = {
  draft: Draft;
  /** The saved version the draft started from (what is locked, what is new). */
  base: Draft;
  update: (change: (draft: Draft) => Draft) => void;
  /** Client and server issues by path (`fields.2.options`). */
  issues: Issues;
  say: (issue: IssueText | undefined) => string | undefined;
  locale: Locale;
};
