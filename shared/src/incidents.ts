// The incidents contract: written by the incidents work.
export {};
