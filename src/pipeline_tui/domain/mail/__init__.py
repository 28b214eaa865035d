"""Mail about applications, as plain logic: reading a message (message.py), the rules that
name its kind (rules.py), what it says (classify.py), and which application it is about
(linking.py). Nothing here opens a mailbox or a database."""
