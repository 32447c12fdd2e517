"""Lexbor's structs, as far as cleaner's C readers (_walk.pyx, _meta.pyx) read them, and
the tree steps both take.

Declared here once, not linked against: blocks.py checks the layout against selectolax's
own answers on a probe page before the C walk is used (see _walk.pyx)."""

from libc.stdint cimport uintptr_t

# lexbor/dom/interfaces/*.h
cdef struct lxb_str:
    unsigned char *data
    size_t length

cdef struct lxb_node:
    void *events
    uintptr_t local_name          # the tag id (LXB_TAG_*; text nodes: LXB_TAG__TEXT)
    uintptr_t prefix
    uintptr_t ns
    void *owner_document
    lxb_node *next
    lxb_node *prev
    lxb_node *parent
    lxb_node *first_child
    lxb_node *last_child
    void *user
    int type                      # 1 element, 3 text, 8 comment, ...

cdef struct lxb_attr:
    lxb_node node
    uintptr_t upper_name
    uintptr_t qualified_name
    lxb_str *value
    void *owner
    lxb_attr *next
    lxb_attr *prev

cdef struct lxb_element:
    lxb_node node
    uintptr_t upper_name
    uintptr_t qualified_name
    lxb_str *is_value
    lxb_attr *first_attr
    lxb_attr *last_attr
    lxb_attr *attr_id
    lxb_attr *attr_class

# The name of an attribute outside Lexbor's static list: its id is the address of an
# lxb_dom_attr_data_t, whose first member is this hash entry (lexbor/core/hash.h).
cdef struct lxb_hash_entry:
    unsigned char short_str[17]   # union with a pointer for names over 16 bytes
    size_t length
    void *next

cdef struct lxb_chardata:
    lxb_node node
    lxb_str data

# selectolax's LexborNode object: PyObject head, Cython vtable, then the node pointer.
cdef struct py_lexbor_node:
    Py_ssize_t ob_refcnt
    void *ob_type
    void *vtab
    lxb_node *node


cdef inline lxb_node *_after(lxb_node *node, lxb_node *root) noexcept nogil:
    """The next node in document order after node's subtree, never leaving root's; NULL at
    the end."""
    while node != root and node.next == NULL:
        node = node.parent
    return NULL if node == root else node.next


cdef inline lxb_node *after_in_page(lxb_node *node, uintptr_t body_id,
                                    uintptr_t html_id) noexcept nogil:
    """The node after node's subtree in document order, or NULL where that would climb to
    <body> or <html> (metadata's walks near the headline never leave the page's body)."""
    while node != NULL and node.next == NULL:
        node = node.parent
        if node == NULL or (node.type == 1 and (node.local_name == body_id
                                                or node.local_name == html_id)):
            return NULL
    return node.next if node != NULL else NULL
