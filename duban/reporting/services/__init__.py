"""Writing reports, rounds, extensions and reminders: each public function one audited transaction."""
