"""Events: entities, event mentions in sentences, and their merge across articles."""
