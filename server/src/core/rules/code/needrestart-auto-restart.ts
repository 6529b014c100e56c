import { needrestartListOnly } from '../../fixes/value-rewrites';
import { defineRule } from '../rule-code';

export default defineRule({
  fixes: { 'needrestart-list-only': { provide: needrestartListOnly } },
});
