"""The photo practice on screen: frame sources (camera, still pictures) and the practice widget."""
