"""Views for people: ``render`` (self-contained web pages, :mod:`.render`) and ``show``
(a plain-text read-through of an article with every annotation, :mod:`.show`)."""
