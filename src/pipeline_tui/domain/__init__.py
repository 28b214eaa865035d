"""Plain data and pure logic: no SQL, no UI."""
