"""smallgan.translate"""
