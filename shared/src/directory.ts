// The directory contract (users, teams, sessions, tokens): written by the directory work.
export {};
