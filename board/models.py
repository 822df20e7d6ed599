"""The members-only bulletin board (掲示板). Its models arrive with the board issue."""
