// Modules register their CLI commands here (user create, token create, seed ...).
export {};
