import { disableAutomaticReboot } from '../../fixes/value-rewrites';
import { defineRule } from '../rule-code';

export default defineRule({
  fixes: { 'disable-automatic-reboot': { provide: disableAutomaticReboot } },
});
