"""smallgan.grid"""
