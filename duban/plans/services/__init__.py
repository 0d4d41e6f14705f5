"""Writing plans: each public function is one audited transaction."""
