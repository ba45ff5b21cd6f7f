// Modules register their CLI commands here (user create, token create, seed ...).
import { registerCliCommand } from './cli.js';
import { tokenCreateCommand, userCreateCommand } from './modules/directory/index.js';
import { seedCommand } from './modules/demo/index.js';

registerCliCommand('user create', userCreateCommand);
registerCliCommand('token create', tokenCreateCommand);
registerCliCommand('seed', seedCommand);
