"""Small reference tables shipped with the package: the default county crosswalk
(counties to WDA, ESD and STEM region) and the ESD list."""
