import { disablePackageUpgrade } from '../../fixes/value-rewrites';
import { defineRule } from '../rule-code';

export default defineRule({
  fixes: { 'disable-package-upgrade': { provide: disablePackageUpgrade } },
});
