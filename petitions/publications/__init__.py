"""Publication of second-round complaint decisions and denunciation conclusions (LKN art. 41,
LTC art. 40): a public version without personal data, approved by the head, on the public site."""
