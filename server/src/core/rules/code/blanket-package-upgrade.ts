import { stepContext } from '../../host-context';
import { defineRule } from '../rule-code';

export default defineRule({
  // Rolled out in batches (the play's `serial`, or every play that runs the role), an upgrade reaches a few hosts first: the remedy the page names.
  keep: (match, doc) => stepContext(doc, match.subject.step).batched === undefined,
});
